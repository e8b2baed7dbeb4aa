package io.ferry.agent.dqn.internal.service;

import io.ferry.agent.dqn.DqnAgent;
import io.ferry.agent.dqn.RewardWeights;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry DQN agent",
        description = "The deep Q-network migration agent (agent.name = dqn): one shared network scores KEEP, OFFLOAD, "
                + "EVACUATE or EVACUATE_TIGHT for every active host. A model file that is missing, corrupt or does "
                + "not fit still registers the agent, whose every decision is refused with one line naming the file, "
                + "so that the pool's status says why it does not decide. Online fine-tuning is off by default.")
@interface DqnAgentConfiguration {

    @AttributeDefinition(name = "Model file",
            description = "Path of a DQN model file written by 'ferry train --agent dqn' (dqn.zip); empty: the model "
                    + "shipped in the bundle (models/dqn.zip, trained on three PlanetLab days).")
    String modelFile() default "";

    @AttributeDefinition(name = "Check memory",
            description = "Whether a migration target needs the VM's memory free (false reproduces CloudSim, whose "
                    + "VMs hold no memory).")
    boolean checkMemory() default true;

    @AttributeDefinition(name = "CPU forecasts",
            description = "Whether the features read the pool's CPU predictor instead of extrapolating the history "
                    + "(the shipped model was trained on extrapolated history).")
    boolean forecasts() default false;

    @AttributeDefinition(name = "Replay capacity",
            description = "Transitions the replay buffer keeps from the real outcomes (>= 1); the oldest go first.")
    int replayCapacity() default DqnAgent.Settings.DEFAULT_REPLAY_CAPACITY;

    @AttributeDefinition(name = "Online learning",
            description = "Whether the agent fine-tunes its network on the real outcomes in the replay buffer, on its "
                    + "own thread, never delaying a decision. Off: the replay buffer still fills, nothing trains.")
    boolean onlineLearning() default false;

    @AttributeDefinition(name = "Fine-tune every",
            description = "New transitions in the replay buffer between two fine-tuning runs (>= 1).")
    int fineTuneEvery() default 256;

    @AttributeDefinition(name = "Fine-tune batch",
            description = "Transitions per gradient step of a fine-tuning run (>= 1), drawn uniformly from the replay "
                    + "buffer; training used 64.")
    int fineTuneBatch() default 64;

    @AttributeDefinition(name = "Fine-tune updates",
            description = "Gradient steps per fine-tuning run (>= 1). With the defaults, 10 x 64 samples per 256 new "
                    + "transitions: each is replayed about 2.5 times, as in training (4 x 64 per interval of about "
                    + "100 hosts).")
    int fineTuneUpdates() default 10;

    @AttributeDefinition(name = "Fine-tune seed",
            description = "The seed of the replay samples; each run n draws with seed + n.")
    long fineTuneSeed() default 42;

    @AttributeDefinition(name = "Reward: energy",
            description = "Weight of a host-interval at maximum power (>= 0), as the shipped model was trained. "
                    + "Recorded in a fine-tuned model's provenance; the controller's outcomes carry no energy, so "
                    + "at run time it enters no reward (training in the engine adds it).")
    double rewardEnergy() default RewardWeights.DEFAULT_ENERGY;

    @AttributeDefinition(name = "Reward: SLATAH",
            description = "Weight of a host-interval of SLA violation (>= 0), the shipped model's; like the energy "
                    + "weight, recorded but absent from the outcomes' rewards at run time.")
    double rewardSlatah() default RewardWeights.DEFAULT_SLATAH;

    @AttributeDefinition(name = "Reward: PDM",
            description = "Weight of a VM-interval of CPU lost to migration (>= 0), the shipped model's; like the "
                    + "energy weight, recorded but absent from the outcomes' rewards at run time.")
    double rewardPdm() default RewardWeights.DEFAULT_PDM;

    @AttributeDefinition(name = "Reward: downtime",
            description = "Weight of one SLA downtime budget of pause over the budget, page-level migrations (>= 0); "
                    + "an outcome that exceeded its budget costs this much.")
    double rewardDowntime() default RewardWeights.DEFAULT_DOWNTIME;

    @AttributeDefinition(name = "Reward: migration",
            description = "Toll per migration started (>= 0); the shipped model's: 1.0 (one host-interval at full "
                    + "power).")
    double rewardMigration() default RewardWeights.DEFAULT_MIGRATION;
}

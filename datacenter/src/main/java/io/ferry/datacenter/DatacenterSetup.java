package io.ferry.datacenter;

import io.ferry.api.Predictor;
import io.ferry.api.model.Metric;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The data centre and the day: hosts (types assigned in turn: host i is {@code hostTypes[i % n]}), VM types
 * (assigned in contiguous blocks over the workload's VMs, as CloudSim does), the scheduling interval and the
 * day's length, the migration model, the seed, an optional guard between the agent and the execution and an
 * optional CPU predictor behind {@code AgentContext.forecast}, and whether to keep four of CloudSim 3.0.3's
 * artefacts (idle VMs retire, migrated VMs hold no memory, double moves in one interval, a migration target asked
 * for the incoming VM's whole demand) that the literature's figures depend on. {@link #cloudSim(int, MigrationModel, long)} is CloudSim 3.0.3's PlanetLab set-up with the
 * artefacts, no
 * guard and no predictor (the CloudSim-compatible runs); {@link #physical()} drops the artefacts.
 *
 * @param hosts           how many hosts, &gt; 0
 * @param hostTypes       the host types, in turn, at least one
 * @param vmTypes         the VM types, in contiguous blocks, at least one
 * @param intervalSeconds the scheduling interval (the agent is invoked at each), &gt; 0, and the traces' step
 * @param lengthSeconds   the simulated day, &gt; 0
 * @param migrationModel  what migrations cost
 * @param seed            the run's seed
 * @param retireIdleVms   whether a VM that asks for no CPU at all at an update (not migrating) leaves the data
 *                        centre for the rest of the day, as CloudSim 3.0.3 treats it (its
 *                        {@code HostDynamicWorkload.getCompletedVms} takes a VM at 0 MIPS for a finished one
 *                        and {@code PowerDatacenter} deallocates it; on PlanetLab day 20110303 this retires
 *                        about a fifth of the VMs and the literature's energy figures depend on it); false
 *                        keeps every VM all day
 * @param migratedVmsHoldNoMemory whether a VM holds its memory only on the host it was placed on, and none
 *                        wherever it migrates, as in CloudSim 3.0.3 (its VMs ask for RAM through the cloudlets'
 *                        null utilisation model once instantiated, so {@code Host.addMigratingInVm} and
 *                        {@code vmCreate} reserve 0 MB on the target: memory never limits consolidation there);
 *                        false: a VM holds its RAM wherever it runs, and a target without the room refuses it
 * @param doubleMoves     whether a second decision for a VM whose migration started in the same interval starts
 *                        too, as CloudSim 3.0.3 starts every entry of its migration map (a VM moved off an
 *                        overloaded host and then off the underloaded host it landed on): the VM migrates into
 *                        both targets at once, each taking 10 % of it, both count, and it ends on the last; false:
 *                        such a decision is refused (the VM is already migrating)
 * @param migratingInAsksFullDemand whether a host counts, as asked of it, the whole CPU demand of a VM migrating
 *                        into it while giving it 10 % of it, as CloudSim 3.0.3 does ({@code
 *                        HostDynamicWorkload.updateVmsProcessing} adds the VM's total requested MIPS to the host's,
 *                        the scheduler allocates it {@code 0.1 ×}): every migration target then counts as given
 *                        less than asked, an SLA violation in SLATAH, for the migration's whole duration, however
 *                        idle it is (on 20110303 under the {@code cloudsim} model, 4.81 of thr-mmt-0.8's 4.91 %
 *                        SLATAH); false: the target is asked for what it gives the incoming VM (10 % of its
 *                        demand) and violates only when it cannot give it, that is when it is overloaded
 * @param guard           makes a fresh guard for each run (guards keep cooldowns and counts); empty: every
 *                        valid decision executes, as in CloudSim
 * @param cpuPredictor    forecasts {@link Metric#CPU_UTILISATION} for the agent; empty: no forecasts
 */
public record DatacenterSetup(int hosts, List<HostType> hostTypes, List<VmType> vmTypes, double intervalSeconds,
        double lengthSeconds, MigrationModel migrationModel, long seed, boolean retireIdleVms,
        boolean migratedVmsHoldNoMemory, boolean doubleMoves, boolean migratingInAsksFullDemand,
        Optional<Supplier<DatacenterGuard>> guard, Optional<Predictor> cpuPredictor) {

    public DatacenterSetup {
        hostTypes = List.copyOf(hostTypes);
        vmTypes = List.copyOf(vmTypes);
        Objects.requireNonNull(migrationModel, "migrationModel");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(cpuPredictor, "cpuPredictor");
        if (hosts <= 0) {
            throw new IllegalArgumentException("hosts = " + hosts + ": must be > 0");
        }
        if (hostTypes.isEmpty() || vmTypes.isEmpty()) {
            throw new IllegalArgumentException("hostTypes, vmTypes = " + hostTypes + ", " + vmTypes
                    + ": must each name at least one type");
        }
        if (!(intervalSeconds > 0) || !(lengthSeconds > 0) || Double.isInfinite(lengthSeconds)) {
            throw new IllegalArgumentException("intervalSeconds, lengthSeconds = " + intervalSeconds + ", "
                    + lengthSeconds + ": must be finite and > 0");
        }
        if (cpuPredictor.isPresent() && cpuPredictor.get().metric() != Metric.CPU_UTILISATION) {
            throw new IllegalArgumentException("cpuPredictor = " + cpuPredictor.get().name() + ": forecasts "
                    + cpuPredictor.get().metric() + ", must forecast CPU_UTILISATION");
        }
    }

    /**
     * A set-up with CloudSim's accounting of migration targets ({@code migratingInAsksFullDemand}), the
     * constructor before that choice existed, kept for its callers.
     */
    public DatacenterSetup(int hosts, List<HostType> hostTypes, List<VmType> vmTypes, double intervalSeconds,
            double lengthSeconds, MigrationModel migrationModel, long seed, boolean retireIdleVms,
            boolean migratedVmsHoldNoMemory, boolean doubleMoves, Optional<Supplier<DatacenterGuard>> guard,
            Optional<Predictor> cpuPredictor) {
        this(hosts, hostTypes, vmTypes, intervalSeconds, lengthSeconds, migrationModel, seed, retireIdleVms,
                migratedVmsHoldNoMemory, doubleMoves, true, guard, cpuPredictor);
    }

    /**
     * The set-up as CloudSim runs it: with its artefacts, no guard, no predictor (the skeleton's constructor, kept
     * for its callers).
     */
    public DatacenterSetup(int hosts, List<HostType> hostTypes, List<VmType> vmTypes, double intervalSeconds,
            double lengthSeconds, MigrationModel migrationModel, long seed) {
        this(hosts, hostTypes, vmTypes, intervalSeconds, lengthSeconds, migrationModel, seed, true, true, true,
                true, Optional.empty(), Optional.empty());
    }

    /**
     * CloudSim 3.0.3's PlanetLab set-up: hosts alternating ML110 G4 and G5, its four VM types, 300 s, 24 h.
     *
     * @param hosts          how many hosts (800 in the literature)
     * @param migrationModel what migrations cost
     * @param seed           the run's seed
     * @return the set-up
     */
    public static DatacenterSetup cloudSim(int hosts, MigrationModel migrationModel, long seed) {
        return new DatacenterSetup(hosts, List.of(HostType.ML110_G4, HostType.ML110_G5), VmType.CLOUDSIM, 300,
                24 * 3600, migrationModel, seed);
    }

    /** @return this set-up with every run's decisions passing a fresh guard from {@code guards} */
    public DatacenterSetup withGuard(Supplier<DatacenterGuard> guards) {
        return new DatacenterSetup(hosts, hostTypes, vmTypes, intervalSeconds, lengthSeconds, migrationModel, seed,
                retireIdleVms, migratedVmsHoldNoMemory, doubleMoves, migratingInAsksFullDemand, Optional.of(guards),
                cpuPredictor);
    }

    /** @return this set-up with {@code predictor} answering the agent's CPU forecasts */
    public DatacenterSetup withCpuPredictor(Predictor predictor) {
        return new DatacenterSetup(hosts, hostTypes, vmTypes, intervalSeconds, lengthSeconds, migrationModel, seed,
                retireIdleVms, migratedVmsHoldNoMemory, doubleMoves, migratingInAsksFullDemand, guard,
                Optional.of(predictor));
    }

    /** @return this set-up with idle VMs retired ({@code true}, CloudSim) or kept all day */
    public DatacenterSetup withRetireIdleVms(boolean retire) {
        return new DatacenterSetup(hosts, hostTypes, vmTypes, intervalSeconds, lengthSeconds, migrationModel, seed,
                retire, migratedVmsHoldNoMemory, doubleMoves, migratingInAsksFullDemand, guard, cpuPredictor);
    }

    /**
     * @return this set-up with migrated VMs holding no memory ({@code true}, CloudSim) or their RAM wherever
     *         they run
     */
    public DatacenterSetup withMigratedVmsHoldingNoMemory(boolean none) {
        return new DatacenterSetup(hosts, hostTypes, vmTypes, intervalSeconds, lengthSeconds, migrationModel, seed,
                retireIdleVms, none, doubleMoves, migratingInAsksFullDemand, guard, cpuPredictor);
    }

    /** @return this set-up with CloudSim's double moves in one interval started ({@code true}) or refused */
    public DatacenterSetup withDoubleMoves(boolean start) {
        return new DatacenterSetup(hosts, hostTypes, vmTypes, intervalSeconds, lengthSeconds, migrationModel, seed,
                retireIdleVms, migratedVmsHoldNoMemory, start, migratingInAsksFullDemand, guard, cpuPredictor);
    }

    /**
     * @return this set-up with physical memory accounting, no idle-VM retirement, no double moves and migration
     *         targets asked for what they give: Ferry's own semantics, without CloudSim 3.0.3's artefacts
     */
    public DatacenterSetup physical() {
        return withRetireIdleVms(false).withMigratedVmsHoldingNoMemory(false).withDoubleMoves(false)
                .withMigratingInAskingFullDemand(false);
    }

    /** @return this set-up with another migration model */
    public DatacenterSetup withMigrationModel(MigrationModel model) {
        return new DatacenterSetup(hosts, hostTypes, vmTypes, intervalSeconds, lengthSeconds, model, seed, retireIdleVms,
                migratedVmsHoldNoMemory, doubleMoves, migratingInAsksFullDemand, guard, cpuPredictor);
    }

    /**
     * @return this set-up with a migration target asked for the incoming VM's whole demand ({@code true},
     *         CloudSim: every target counts in SLATAH while a VM migrates in) or for the 10 % it gives it
     */
    public DatacenterSetup withMigratingInAskingFullDemand(boolean full) {
        return new DatacenterSetup(hosts, hostTypes, vmTypes, intervalSeconds, lengthSeconds, migrationModel, seed,
                retireIdleVms, migratedVmsHoldNoMemory, doubleMoves, full, guard, cpuPredictor);
    }

    /**
     * @param seconds the simulated length, &gt; 0: a part of the day when a full day costs too much (a learned
     *                predictor), the workload's first hours
     * @return this set-up over {@code seconds} instead of its length
     * @since 1.1
     */
    public DatacenterSetup withLengthSeconds(double seconds) {
        return new DatacenterSetup(hosts, hostTypes, vmTypes, intervalSeconds, seconds, migrationModel, seed,
                retireIdleVms, migratedVmsHoldNoMemory, doubleMoves, migratingInAsksFullDemand, guard, cpuPredictor);
    }
}

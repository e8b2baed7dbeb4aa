package io.ferry.datacenter;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.model.VmId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The safety rules between an agent's decisions and their execution in the data-centre engine (concurrency,
 * cooldown, anti-affinity …): the engine first refuses what cannot run at all (unknown VM or host, wrong source,
 * no memory on the target, already migrating), then asks the guard. One instance serves one run, on the
 * simulation's thread, in virtual time ({@code Instant.EPOCH} plus the simulated seconds). The controller's
 * guard plugs in through {@link ControllerGuard}; without one the engine executes every valid decision, as
 * CloudSim does. Per interval the engine calls {@link #observe} once, then {@link #blocked}/{@link #refusal} per
 * decision, {@link #started} per admitted one, and {@link #finished} when each ends.
 */
@ConsumerType
public interface DatacenterGuard {

    /**
     * Sees the interval's snapshot and the agent's proposals before any is judged (hysteresis, expiry of
     * cooldowns). The default does nothing.
     *
     * @param snapshot what the agent saw
     * @param proposed the agent's decisions of this interval, in its order
     * @param now      the virtual time
     */
    default void observe(ClusterSnapshot snapshot, List<MigrationDecision> proposed, Instant now) {
    }

    /**
     * @param vm  a VM of the snapshot
     * @param now the virtual time
     * @return why no move of {@code vm} is allowed now whatever the target, empty when the guard has no such
     *         objection (the agent sees it through {@code AgentContext.blocked})
     */
    Optional<String> blocked(VmId vm, Instant now);

    /**
     * Judges one decision; the decisions of one interval are judged in the agent's order, those admitted
     * before it counting as started.
     *
     * @param decision a decision the engine found valid
     * @param snapshot what the agent saw
     * @param now      the virtual time
     * @return why it is refused, empty to let it run (then {@link #started} follows)
     */
    Optional<String> refusal(MigrationDecision decision, ClusterSnapshot snapshot, Instant now);

    /** The admitted decision's migration started at {@code now}. */
    void started(MigrationDecision decision, Instant now);

    /** The migration of {@code decision} completed at {@code now}: the VM runs on the target. */
    void finished(MigrationDecision decision, Instant now);
}

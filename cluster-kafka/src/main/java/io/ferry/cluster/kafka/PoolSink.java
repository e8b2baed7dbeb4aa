package io.ferry.cluster.kafka;

import io.ferry.api.HypervisorAdapter;
import io.ferry.api.model.PoolId;
import io.ferry.controller.FerryController;
import io.ferry.controller.embedded.EmbeddedController;
import java.util.Objects;

/**
 * Where a {@link ClusterMember} puts the pools it comes to own, so that a controller drives them like any pool:
 * {@link #attach} when a pool is assigned and ready (state restored, one fresh sample seen), {@link #detach} when it
 * is revoked or lost. In a plain JVM this is an {@link EmbeddedController} ({@link #of}); in Karaf, the component
 * registers each pool as a {@code HypervisorAdapter} service.
 *
 * <p>Called on the member's poll thread; implementations must not block for long.
 */
public interface PoolSink {

    /** Starts controlling {@code pool}. */
    void attach(HypervisorAdapter pool);

    /** Stops controlling {@code pool}; its migrations in flight still end and are recorded. */
    void detach(HypervisorAdapter pool);

    /** @return the controller whose selections (policy, agent) name what a decision was made with */
    FerryController controller();

    /** @return the policy the controller selected for {@code pool}, empty when unknown */
    default String policy(PoolId pool) {
        return controller().pool(pool).map(s -> s.selection().policy()).orElse("");
    }

    /** @return the agent the controller selected for {@code pool}, empty when unknown */
    default String agent(PoolId pool) {
        return controller().pool(pool).map(s -> s.selection().agent()).orElse("");
    }

    /** @return a sink that adds pools to and removes them from {@code controller} */
    static PoolSink of(EmbeddedController controller) {
        Objects.requireNonNull(controller, "controller");
        return new PoolSink() {
            @Override
            public void attach(HypervisorAdapter pool) {
                controller.addAdapter(pool);
            }

            @Override
            public void detach(HypervisorAdapter pool) {
                controller.removeAdapter(pool);
            }

            @Override
            public FerryController controller() {
                return controller;
            }
        };
    }
}

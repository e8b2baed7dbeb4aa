package io.ferry.controller;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A part of this instance that is not a pool but whose state an operator reads in {@code migration:status}
 * (e.g. the cluster member: its group, generation and the pools it owns, or a broker it cannot reach while it owns
 * none): register one as an OSGi service (whiteboard) and {@link FerryController#status()} and
 * {@link FerryController#problems()} show its lines. Decides nothing; the controller never calls it from a cycle.
 *
 * <p>Cost: both methods are called on the status caller's thread, once per {@code migration:status}: they must
 * answer from state they already hold, never block, never reach a broker or a hypervisor.
 *
 * @since 2.3
 */
@ConsumerType
public interface StatusSource {

    /**
     * @return what this part does now, one line each, starting with what it is (e.g. {@code cluster: member a of
     *         group ferry-controllers, generation 4, owns [east, west]}); empty to show nothing
     */
    List<String> status();

    /**
     * @return what an operator must know about it now, one line each (e.g. {@code cluster member a: kafka: broker
     *         127.0.0.1:9092 unreachable since ...}); empty when all is well
     */
    default List<String> problems() {
        return List.of();
    }
}

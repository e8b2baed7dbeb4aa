package io.ferry.cluster.kafka;

import io.ferry.api.HypervisorAdapter;
import io.ferry.controller.FerryController;
import io.ferry.controller.embedded.EmbeddedController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * One deciding Ferry instance as the tests run it: an {@link EmbeddedController} with cycles on a schedule, the
 * real pre-copy policy and threshold agent, and a {@link ClusterMember} that hands it the pools it owns. Runs in
 * the test's JVM or, through {@link #main}, as a child JVM the test can kill.
 */
final class ClusterNode implements AutoCloseable {

    final EmbeddedController controller;
    final ClusterMember member;

    ClusterNode(ClusterSettings settings, Path auditDir, Consumer<String> events) {
        controller = new EmbeddedController(auditDir, true);
        controller.addPolicy(Fixture.precopy());
        controller.addAgent(Fixture.threshold());
        member = new ClusterMember(settings, new PoolSink() {
            @Override
            public void attach(HypervisorAdapter pool) {
                controller.configure(pool.pool().value(), Fixture.poolSettings());
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
        }, Clock.systemUTC(), events);
        member.start();
    }

    @Override
    public void close() {
        member.close();
        controller.close();
    }

    /**
     * A member in a child JVM: {@code BOOTSTRAP INSTANCE}. Prints each ownership change as {@code owns [..]} on
     * standard output, flushed, and runs until killed or until its standard input closes.
     */
    public static void main(String[] args) throws Exception {
        Path audit = Files.createTempDirectory("ferry-node-" + args[1]);
        ClusterNode node = new ClusterNode(Fixture.settings(args[0], args[1]), audit, line -> {
            System.out.println(line);
            System.out.flush();
        });
        System.out.println("started " + args[1]);
        System.out.flush();
        while (System.in.read() >= 0) {
            // run until the parent closes our input
        }
        node.close();
    }
}

package io.ferry.kafka.broker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A temporary child broker goes when the JVM that started it is killed, before any shutdown hook could run. */
class ParentWatchedKafkaTest {

    /** The parent: starts a temporary child broker, prints its pid, and waits to be killed. */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            ChildKafkaBroker broker = ChildKafkaBroker.start();
            System.out.println("child " + broker.pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void aTemporaryChildBrokerHaltsWhenItsParentIsKilled() throws Exception {
        Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Parent.class.getName()).redirectErrorStream(true).start();
        long childPid = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("child ")) {
                    childPid = Long.parseLong(line.substring(6).trim());
                    break;
                }
            }
            assertTrue(childPid > 0, "the parent started a child broker");
            Optional<ProcessHandle> child = ProcessHandle.of(childPid);
            assertTrue(child.isPresent() && child.get().isAlive(), "the child broker runs");

            parent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (child.get().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            boolean alive = child.get().isAlive();
            if (alive) {
                child.get().destroyForcibly();
            }
            assertFalse(alive, "the child broker halted after its parent was killed");
        } finally {
            parent.destroyForcibly();
        }
    }
}

package io.ferry.controller.internal;

import static io.ferry.controller.internal.Fixtures.host;
import static io.ferry.controller.internal.Fixtures.vm;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.model.Capability;
import io.ferry.api.model.PoolId;
import io.ferry.controller.PoolStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rejected pool configuration is not lost at restart (issue 14.2). */
class AcceptedConfigurationsTest {

    private static final String PID = "io.ferry.pool.4f1c";
    private static final String FILE = "/opt/karaf/etc/io.ferry.pool-p.cfg";

    @TempDir
    Path dir;

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final Fixtures.MutableClock clock = new Fixtures.MutableClock();

    @AfterEach
    void tearDown() {
        timers.shutdownNow();
    }

    /** A controller as Karaf starts it: the plugins installed, the audit log and kept configurations on disk. */
    private Controller start(String name) {
        Plugins plugins = new Plugins();
        plugins.policies().add(Fixtures.entry("precopy", new Fixtures.FixedPolicy("precopy", Capability.PRE_COPY), 1));
        plugins.policies().add(Fixtures.entry("hybrid", new Fixtures.FixedPolicy("hybrid", Capability.PRE_COPY), 2));
        plugins.agents().add(Fixtures.entry("threshold", new Fixtures.ScriptedAgent("threshold"), 3));
        AuditLog audit = new AuditLog(dir.resolve(name), 1 << 20, 2, 100);
        return new Controller(plugins, audit, (pool, props) -> { },
                new AcceptedConfigurations.InDirectory(dir.resolve("pools")), clock, timers, Runnable::run, false);
    }

    private static Fixtures.FakeAdapter adapter() {
        Fixtures.FakeAdapter a = new Fixtures.FakeAdapter("p");
        a.hosts.addAll(List.of(host("h1", 0.5), host("h2", 0.5)));
        a.vms.add(vm("v1", "h1", 0.5));
        return a;
    }

    private static Map<String, Object> file(Object... keysAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("felix.fileinstall.filename", FILE);
        m.put("service.pid", PID);
        m.put("service.factoryPid", "io.ferry.pool");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static PoolStatus status(Controller c) {
        return c.pool(new PoolId("p")).orElseThrow();
    }

    @Test
    void startWhenTheFileIsInvalidThenRunsOnTheLastAcceptedConfigurationAndStatusSaysSo() {
        Controller before = start("one");
        before.configure(PID, file("policy", "hybrid", "dryRun", "true"));
        before.stop();

        Controller after = start("two");
        after.configure(PID, file("policy", "hybrid", "dryRun", "on"));
        after.addAdapter(adapter());

        PoolStatus s = status(after);
        assertThat(s.selection().policy()).isEqualTo("hybrid");
        assertThat(s.selection().dryRun()).isTrue();
        assertThat(s.problem()).hasValueSatisfying(p -> assertThat(p)
                .contains("dryRun = on: must be true or false")
                .contains("running on the last accepted configuration (policy hybrid, agent threshold, dry-run)"));
    }

    @Test
    void configureWhenAKeyIsMisspeltThenRejectedAndStatusSaysSo() {
        Controller c = start("one");
        c.addAdapter(adapter());
        c.configure(PID, file("policy", "hybrid"));
        c.configure(PID, file("policy", "hybrid", "cooldownSecs", "5"));

        assertThat(status(c).selection().policy()).isEqualTo("hybrid");
        assertThat(status(c).problem()).hasValueSatisfying(p -> assertThat(p)
                .contains("unknown key 'cooldownSecs': keys are ").contains("cooldownSeconds")
                .contains("the previous configuration stays in force"));
    }

    @Test
    void configureWhenTheFileIsEmptiedThenKeepsThePreviousSettings() {
        Controller c = start("one");
        c.addAdapter(adapter());
        c.configure(PID, file("policy", "hybrid", "dryRun", "true"));
        c.configure(PID, file());

        assertThat(status(c).selection().dryRun()).isTrue();
        assertThat(status(c).problem()).hasValueSatisfying(p -> assertThat(p).contains(FILE + " has no settings"));
    }

    @Test
    void configureWhenAValidOneFollowsThenTheProblemIsGone() {
        Controller c = start("one");
        c.addAdapter(adapter());
        c.configure(PID, file("dryRun", "maybe"));
        c.configure(PID, file("dryRun", "true"));

        assertThat(status(c).problem()).isEmpty();
        assertThat(status(c).selection().dryRun()).isTrue();
    }
}

package io.ferry.shell.internal;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.PoolId;
import io.ferry.api.model.VmId;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.ControllerException;
import io.ferry.controller.FerryController;
import io.ferry.controller.PluginInfo;
import io.ferry.controller.PluginKind;
import io.ferry.controller.PoolRecording;
import io.ferry.controller.PoolStatus;
import io.ferry.controller.Selection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A hand-written {@link FerryController} for the command tests: it answers from what the test put in, records
 * what the command asked, and throws the refusal the test set, so a test can check that a command passes the
 * controller's message through unchanged.
 */
public final class FakeController implements FerryController {

    public final List<PoolStatus> pools = new ArrayList<>();
    public final List<String> problems = new ArrayList<>();
    public final List<String> status = new ArrayList<>();
    public final List<PluginInfo> plugins = new ArrayList<>();
    public final Map<String, MigrationPolicy> policies = new LinkedHashMap<>();
    public final List<AuditRecord> history = new ArrayList<>();
    public final List<PoolRecording.VmRecording> recording = new ArrayList<>();

    /** When set, every steering call (select, rollback, dry-run, migrate, recording) throws it. */
    public ControllerException refusal;
    /** What rollback returns; empty: the controller's "no previous selection". */
    public Optional<Selection> previous = Optional.empty();
    public MigrationId nextMigration = new MigrationId("m-7");

    // what the commands asked
    public final List<String> calls = new ArrayList<>();
    public int lastHistoryLimit;
    public Optional<PoolId> lastHistoryPool;

    @Override
    public List<String> problems() {
        return problems;
    }

    @Override
    public List<String> status() {
        return status;
    }

    @Override
    public List<PoolStatus> pools() {
        return List.copyOf(pools);
    }

    @Override
    public Optional<PoolStatus> pool(PoolId pool) {
        return pools.stream().filter(p -> p.pool().equals(pool)).findFirst();
    }

    @Override
    public List<PluginInfo> plugins() {
        return List.copyOf(plugins);
    }

    @Override
    public Selection select(PoolId pool, PluginKind kind, String name) throws ControllerException {
        calls.add("select " + pool + " " + kind + " '" + name + "'");
        refuseIfSet();
        Selection c = current(pool);
        return switch (kind) {
            case POLICY -> new Selection(name, c.agent(), c.predictor(), c.dryRun());
            case AGENT -> new Selection(c.policy(), name, c.predictor(), c.dryRun());
            case PREDICTOR -> new Selection(c.policy(), c.agent(),
                    name.isEmpty() ? Optional.empty() : Optional.of(name), c.dryRun());
        };
    }

    @Override
    public Selection rollback(PoolId pool) throws ControllerException {
        calls.add("rollback " + pool);
        refuseIfSet();
        return previous.orElseThrow(() -> new ControllerException("pool " + pool + " has no previous selection"));
    }

    @Override
    public Selection dryRun(PoolId pool, boolean on) throws ControllerException {
        calls.add("dry-run " + pool + " " + on);
        refuseIfSet();
        Selection c = current(pool);
        return new Selection(c.policy(), c.agent(), c.predictor(), on);
    }

    @Override
    public List<AuditRecord> history(Optional<PoolId> pool, int limit) {
        lastHistoryPool = pool;
        lastHistoryLimit = limit;
        List<AuditRecord> matching = history.stream().filter(r -> pool.isEmpty() || pool.get().equals(r.pool()))
                .toList();
        return matching.subList(Math.max(0, matching.size() - limit), matching.size());
    }

    @Override
    public MigrationId migrate(PoolId pool, VmId vm, HostId target) throws ControllerException {
        calls.add("migrate " + pool + " " + vm + " " + target);
        refuseIfSet();
        return nextMigration;
    }

    @Override
    public Optional<MigrationPolicy> policy(String name) {
        return Optional.ofNullable(policies.get(name));
    }

    @Override
    public PoolRecording recording(PoolId pool, int maxVms) throws ControllerException {
        calls.add("recording " + pool + " " + maxVms);
        refuseIfSet();
        return new PoolRecording(pool, "fake", java.time.Instant.EPOCH,
                new io.ferry.api.model.LinkSpec(1e9 / 8, java.time.Duration.ofMillis(1), 1), 4096, 1 << 20,
                java.time.Duration.ofMillis(300), 2000, recording.stream().limit(maxVms).toList());
    }

    private Selection current(PoolId pool) throws ControllerException {
        return pool(pool).map(PoolStatus::selection)
                .orElseThrow(() -> new ControllerException("unknown pool '" + pool + "'"));
    }

    private void refuseIfSet() throws ControllerException {
        if (refusal != null) {
            throw refusal;
        }
    }
}

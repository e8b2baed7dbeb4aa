package io.ferry.controller.internal;

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
import io.ferry.controller.PoolStatus;
import io.ferry.controller.Selection;
import io.ferry.engine.EngineScenario;
import java.util.List;
import java.util.Optional;

/**
 * The operator API answered by a {@link Controller}: what the DS component and the embedded controller share,
 * so that both expose exactly the same behaviour. Subclasses only say which controller answers.
 */
abstract class DelegatingController implements FerryController {

    /** @return the controller that answers */
    abstract Controller delegate();

    @Override
    public List<PoolStatus> pools() {
        return delegate().pools();
    }

    @Override
    public Optional<PoolStatus> pool(PoolId pool) {
        return delegate().pool(pool);
    }

    @Override
    public List<PluginInfo> plugins() {
        return delegate().plugins();
    }

    @Override
    public Selection select(PoolId pool, PluginKind kind, String name) throws ControllerException {
        return delegate().select(pool, kind, name);
    }

    @Override
    public Selection rollback(PoolId pool) throws ControllerException {
        return delegate().rollback(pool);
    }

    @Override
    public Selection dryRun(PoolId pool, boolean on) throws ControllerException {
        return delegate().dryRun(pool, on);
    }

    @Override
    public List<AuditRecord> history(Optional<PoolId> pool, int limit) {
        return delegate().history(pool, limit);
    }

    @Override
    public MigrationId migrate(PoolId pool, VmId vm, HostId target) throws ControllerException {
        return delegate().migrate(pool, vm, target);
    }

    @Override
    public Optional<MigrationPolicy> policy(String name) {
        return delegate().policy(name);
    }

    @Override
    public List<EngineScenario> recording(PoolId pool, int maxVms) throws ControllerException {
        return delegate().recording(pool, maxVms);
    }
}

package io.ferry.shell.internal;

import io.ferry.api.model.PoolId;
import io.ferry.controller.ControllerException;
import io.ferry.controller.FerryController;
import io.ferry.controller.PoolStatus;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;

/**
 * The base of every {@code migration:*} command: holds the {@link FerryController} Karaf injects and the checks
 * the verbs share (which pool a command means, one-line errors).
 *
 * <p>Errors: the controller's refusals ({@code ControllerException}) and the commands' own checks
 * ({@link IllegalArgumentException} with one line that names the value and what is accepted) are refusals, not
 * server errors: {@link #execute()} rethrows them as Karaf's {@link CommandException} with the same message (the
 * original as its cause), which Karaf prints as {@code Error executing command: <that line>} and logs at DEBUG
 * only. Anything else (a defect) propagates unchanged and Karaf logs it as an ERROR with its stack trace.
 *
 * <p>Pools: when the controller drives exactly one pool, commands that act on one pool may omit it; with
 * several, omitting it is an error that lists them. Cost: one {@link FerryController#pools()} call.
 */
public abstract class MigrationCommandSupport implements Action {

    /** The controller, injected by Karaf's command extender (set directly by the tests in this package). */
    @Reference
    FerryController controller;

    /**
     * Runs the verb.
     *
     * @throws CommandException when the command is refused (bad input, or the controller's refusal), with its one
     *                          line as the message and the refusal as the cause
     */
    @Override
    public final Object execute() throws Exception {
        if (controller == null) {
            throw new CommandException("the Ferry controller is not available");
        }
        try {
            doExecute();
        } catch (IllegalArgumentException | ControllerException e) {
            throw new CommandException(e.getMessage(), e);
        }
        return null;
    }

    /** Runs the verb; {@link #controller} is set. */
    protected abstract void doExecute() throws Exception;

    /**
     * The pool a command acting on one pool means.
     *
     * @param name the pool the operator named, or null when omitted
     * @return that pool, or the only pool when omitted and there is exactly one
     * @throws IllegalArgumentException when the name is unknown, or omitted while there are none or several
     */
    protected PoolId onePool(String name) {
        List<PoolId> pools = poolIds();
        if (name == null || name.isBlank()) {
            if (pools.size() == 1) {
                return pools.get(0);
            }
            if (pools.isEmpty()) {
                throw new IllegalArgumentException("no pool is attached to the controller");
            }
            throw new IllegalArgumentException("several pools, name one: " + Formats.join(pools));
        }
        return known(name, pools);
    }

    /**
     * The pools a command that reports on pools means: the named one, or every pool when omitted.
     *
     * @throws IllegalArgumentException when the name is unknown
     */
    protected List<PoolStatus> poolsOrAll(String name) {
        List<PoolStatus> all = controller.pools();
        if (name == null || name.isBlank()) {
            return all;
        }
        PoolId id = known(name, all.stream().map(PoolStatus::pool).toList());
        return all.stream().filter(p -> p.pool().equals(id)).toList();
    }

    /** @return the named pool, or empty when omitted; unknown names are refused as in {@link #onePool} */
    protected Optional<PoolId> optionalPool(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(known(name, poolIds()));
    }

    private List<PoolId> poolIds() {
        return controller.pools().stream().map(PoolStatus::pool).sorted().toList();
    }

    private static PoolId known(String name, List<PoolId> pools) {
        PoolId id = new PoolId(name);
        if (!pools.contains(id)) {
            throw new IllegalArgumentException("unknown pool '" + name + "': pools are "
                    + (pools.isEmpty() ? "none" : Formats.join(pools.stream().sorted().toList())));
        }
        return id;
    }
}

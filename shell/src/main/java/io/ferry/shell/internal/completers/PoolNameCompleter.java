package io.ferry.shell.internal.completers;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the pools the controller drives. Cost: one {@code pools()} call per TAB. */
@Service
public class PoolNameCompleter extends ControllerCompleter {

    @Override
    List<String> candidates() {
        return controller.pools().stream().map(p -> p.pool().value()).toList();
    }
}

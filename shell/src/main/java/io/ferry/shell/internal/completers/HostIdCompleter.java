package io.ferry.shell.internal.completers;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.HostState;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Completes the ids and the name labels of the hosts that accept VMs (enabled, not in maintenance) in every
 * pool's last snapshot.
 * Cost: one {@code pools()} call per TAB.
 */
@Service
public class HostIdCompleter extends ControllerCompleter {

    @Override
    List<String> candidates() {
        return controller.pools().stream().map(p -> p.snapshot()).flatMap(Optional<ClusterSnapshot>::stream)
                .flatMap(s -> s.hosts().stream()).filter(HostState::acceptsVms)
                .flatMap(h -> Stream.of(h.id().value(), h.name())).filter(w -> !w.isBlank()).distinct().toList();
    }
}

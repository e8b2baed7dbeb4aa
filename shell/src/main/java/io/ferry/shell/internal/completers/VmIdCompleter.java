package io.ferry.shell.internal.completers;

import io.ferry.api.model.ClusterSnapshot;
import io.ferry.api.model.VmState;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Completes the ids and the name labels of the running VMs in every pool's last snapshot (the VMs
 * {@code migration:migrate} can move, which takes either). Cost: one {@code pools()} call per TAB.
 */
@Service
public class VmIdCompleter extends ControllerCompleter {

    @Override
    List<String> candidates() {
        return controller.pools().stream().map(p -> p.snapshot()).flatMap(Optional<ClusterSnapshot>::stream)
                .flatMap(s -> s.vms().stream()).filter(VmState::migratable)
                .flatMap(v -> Stream.of(v.id().value(), v.name())).filter(w -> !w.isBlank()).distinct().toList();
    }
}

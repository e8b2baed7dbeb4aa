package io.ferry.compare;

import io.ferry.api.model.MetricWindow;
import io.ferry.controller.PoolRecording;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineScenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a pool's recording ({@link io.ferry.controller.FerryController#recording}) into engine scenarios, one per
 * recorded VM and in the recording's order (busiest first): the VM's memory (at least 1 MiB), the pool's page
 * size, execution state, link and downtime budget, and its dirtying replayed — the measured dirty-rate series
 * where the hypervisor measures one, else its CPU series × vCPUs × the pool's
 * {@code inferredDirtyPagesPerCpuSecond} (XenServer measures no dirty rate), else a uniform rate at the VM's
 * current figure.
 *
 * <p>Cost: O(samples) per VM. Needs the controller's API ({@code io.ferry.controller}) at run time; the rest of
 * this bundle does not.
 */
public final class RecordingScenarios {

    private static final long MIN_MEMORY = 1L << 20;

    private RecordingScenarios() {
    }

    /** @return one scenario per recorded VM, named {@code recording-VM} */
    public static List<EngineScenario> of(PoolRecording recording) {
        List<EngineScenario> out = new ArrayList<>();
        for (PoolRecording.VmRecording vm : recording.vms()) {
            out.add(new EngineScenario("recording-" + vm.vm().id().value(),
                    Math.max(vm.vm().memoryBytes(), MIN_MEMORY), recording.pageSizeBytes(),
                    recording.executionStateBytes(), recording.link(), dirtying(vm, recording),
                    recording.downtimeBudget(), 1));
        }
        return out;
    }

    private static DirtyingModel dirtying(PoolRecording.VmRecording vm, PoolRecording recording) {
        Optional<MetricWindow> measured = vm.dirtyRate().filter(w -> w.size() > 0);
        if (measured.isPresent()) {
            return new DirtyingModel.Replay(seconds(measured.get()), measured.get().values(), 0);
        }
        Optional<MetricWindow> cpu = vm.cpu().filter(w -> w.size() > 0);
        if (cpu.isPresent()) {
            double[] rates = cpu.get().values();
            for (int i = 0; i < rates.length; i++) {
                rates[i] = rates[i] * vm.vm().vcpus() * recording.inferredDirtyPagesPerCpuSecond();
            }
            return new DirtyingModel.Replay(seconds(cpu.get()), rates, 0);
        }
        return new DirtyingModel.Uniform(vm.dirtying().pagesPerSecond());
    }

    private static double seconds(MetricWindow w) {
        return w.step().toNanos() / 1e9;
    }
}

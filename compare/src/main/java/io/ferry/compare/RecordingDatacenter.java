package io.ferry.compare;

import io.ferry.api.model.HostState;
import io.ferry.api.model.MetricWindow;
import io.ferry.api.model.PowerCurve;
import io.ferry.controller.PoolRecording;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.HostType;
import io.ferry.datacenter.MigrationModel;
import io.ferry.datacenter.VmType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A pool's recording ({@link io.ferry.controller.FerryController#recording}) as a data-centre day, so that agents
 * can be compared on what the pool really runs ({@code migration:compare --datacenter}): one host type per host of
 * the pool's snapshot that accepts VMs, one VM type per recorded VM, and the VMs' CPU series resampled to the
 * scheduling interval.
 *
 * <ul>
 * <li><b>Hosts</b>, in the snapshot's order: the host's CPUs, memory and the recording's migration link. A pool
 * says nothing of MIPS or watts, so every host gets the documented default: {@link #DEFAULT_MIPS_PER_CPU} MIPS per
 * CPU and the {@link #DEFAULT_POWER} curve, both HP ProLiant ML110 G5's ({@link HostType#ML110_G5}), the newer of
 * CloudSim's two hosts. Hosts in maintenance or disabled are left out.</li>
 * <li><b>VMs</b>, in the recording's order (busiest first): the VM's vCPUs, each of one default CPU's MIPS, and its
 * memory (at least 1 MiB). With one type per host and per VM, {@link DatacenterSetup}'s "in turn" and "contiguous
 * blocks" rules give host i type i and VM i type i.</li>
 * <li><b>Load</b>: each interval's sample is the mean of the VM's CPU readings that fall in it, the intervals
 * ending where the newest reading's period ends; an interval with no reading repeats the one before (the first
 * ones take the first reading), and a VM with no CPU series keeps its current utilisation all along.</li>
 * </ul>
 * The day starts from the placement rule of each candidate, not from where the VMs are now, and runs on Ferry's
 * own semantics ({@link DatacenterSetup#physical()}: an idle VM stays all day, a VM holds its memory wherever it
 * runs); no guard stands between the agents and the execution.
 *
 * <p>Cost: O(samples) per VM. Needs the controller's API ({@code io.ferry.controller}) at run time, as
 * {@link RecordingScenarios} does.
 *
 * @param workload                       the VMs' load, one sample per interval
 * @param hostTypes                      one per host, in order
 * @param vmTypes                        one per VM, in the workload's order
 * @param intervalSeconds                the scheduling interval, the samples' step
 * @param downtimeBudget                 the pool's SLA downtime budget (for the page-level model)
 * @param inferredDirtyPagesPerCpuSecond the pool's page writes per busy vCPU-second (for the page-level model)
 */
public record RecordingDatacenter(DatacenterWorkload workload, List<HostType> hostTypes, List<VmType> vmTypes,
        double intervalSeconds, Duration downtimeBudget, double inferredDirtyPagesPerCpuSecond) {

    /** The fewest intervals a recording must span to be compared: the first update only opens the accounts. */
    static final int MINIMUM_INTERVALS = 3;

    /** MIPS of one CPU of a pool's host, which the pool does not report: ML110 G5's Xeon 3075 core. */
    public static final double DEFAULT_MIPS_PER_CPU = HostType.ML110_G5.mipsPerCore();
    /** The power curve of a pool's host, which the pool does not report: ML110 G5's SPECpower figures. */
    public static final PowerCurve DEFAULT_POWER = HostType.ML110_G5.power();

    private static final long MIN_MEMORY = 1L << 20;

    public RecordingDatacenter {
        hostTypes = List.copyOf(hostTypes);
        vmTypes = List.copyOf(vmTypes);
    }

    /**
     * @param recording       the pool's recording
     * @param hosts           the pool's hosts (its snapshot's), in order
     * @param intervalSeconds the scheduling interval, &gt; 0
     * @return the day
     * @throws IllegalArgumentException with one line when the pool has no host that accepts VMs, a host reports no
     *                                  memory, no VM was recorded, no VM has a CPU series, or the series span less
     *                                  than three intervals
     */
    public static RecordingDatacenter of(PoolRecording recording, List<HostState> hosts, double intervalSeconds) {
        String pool = "pool " + recording.pool().value();
        if (!(intervalSeconds > 0) || Double.isInfinite(intervalSeconds)) {
            throw new IllegalArgumentException("interval = " + intervalSeconds + " s: must be > 0");
        }
        long link = Math.max(1, Math.round(recording.link().bandwidthBytesPerSec()));
        List<HostType> hostTypes = new ArrayList<>();
        for (HostState h : hosts) {
            if (!h.acceptsVms()) {
                continue;
            }
            if (h.memoryTotalBytes() <= 0) {
                throw new IllegalArgumentException(pool + ": host " + h.name() + " reports no memory");
            }
            hostTypes.add(new HostType(h.name(), h.cpuCount(), DEFAULT_MIPS_PER_CPU, h.memoryTotalBytes(), link,
                    DEFAULT_POWER));
        }
        if (hostTypes.isEmpty()) {
            throw new IllegalArgumentException(pool + ": no host accepts VMs (all in maintenance or disabled)");
        }
        List<PoolRecording.VmRecording> vms = recording.vms();
        if (vms.isEmpty()) {
            throw new IllegalArgumentException(pool + " has no running VM to record");
        }
        List<VmType> vmTypes = new ArrayList<>();
        for (PoolRecording.VmRecording vm : vms) {
            vmTypes.add(new VmType(vm.vm().name(), vm.vm().vcpus(), DEFAULT_MIPS_PER_CPU,
                    Math.max(MIN_MEMORY, vm.vm().memoryBytes())));
        }
        double[][] series = resample(pool, vms, intervalSeconds);
        String label = "recording of " + pool + " at " + recording.time() + ": " + vms.size() + " VMs on "
                + hostTypes.size() + " hosts, " + series[0].length + " intervals of " + format(intervalSeconds)
                + " s";
        List<String> names = vms.stream().map(v -> v.vm().name()).toList();
        return new RecordingDatacenter(new SeriesWorkload(label, names, series), hostTypes, vmTypes,
                intervalSeconds, recording.downtimeBudget(), recording.inferredDirtyPagesPerCpuSecond());
    }

    /** @return how many hosts */
    public int hosts() {
        return hostTypes.size();
    }

    /** @return the day's length: samples × interval */
    public double lengthSeconds() {
        return workload.samples() * intervalSeconds;
    }

    /**
     * @param model what migrations cost
     * @param seed  the run's seed
     * @return the data centre with these hosts, VMs and interval
     */
    public DatacenterSetup setup(MigrationModel model, long seed) {
        // a pool's physics, not CloudSim's artefacts: an idle VM stays, a VM holds its RAM wherever it runs
        return new DatacenterSetup(hosts(), hostTypes, vmTypes, intervalSeconds, lengthSeconds(), model, seed)
                .physical();
    }

    private static double[][] resample(String pool, List<PoolRecording.VmRecording> vms, double interval) {
        List<Optional<MetricWindow>> windows = vms.stream().map(v -> v.cpu().filter(w -> w.size() > 0)).toList();
        Instant newest = null;
        double smallestStep = Double.MAX_VALUE;
        for (Optional<MetricWindow> w : windows) {
            if (w.isPresent()) {
                newest = newest == null || w.get().end().isAfter(newest) ? w.get().end() : newest;
                smallestStep = Math.min(smallestStep, seconds(w.get().step()));
            }
        }
        if (newest == null) {
            throw new IllegalArgumentException(pool + ": no recorded VM has a CPU series to replay");
        }
        // readings at times relative to the newest one (<= 0); the intervals end where its period ends
        double end = smallestStep;
        double earliest = 0;
        for (Optional<MetricWindow> w : windows) {
            if (w.isPresent()) {
                earliest = Math.min(earliest, offset(w.get(), 0, newest));
            }
        }
        int samples = (int) Math.ceil((end - earliest) / interval - 1e-9);
        // the engine's first update only opens the energy account (CloudSim's hosts start from 0 %, counted as off):
        // a day of fewer than three intervals would report energy and active hosts of nothing
        if (samples < MINIMUM_INTERVALS) {
            throw new IllegalArgumentException(pool + ": its CPU series span " + format(end - earliest)
                    + " s, less than three intervals of " + format(interval) + " s: use a shorter interval, or "
                    + "wait until the pool has recorded longer");
        }
        double start = end - samples * interval;
        double[][] out = new double[vms.size()][];
        for (int v = 0; v < vms.size(); v++) {
            double[] values = new double[samples];
            if (windows.get(v).isEmpty()) {
                Arrays.fill(values, clamp(vms.get(v).vm().cpuUtilisation()));
                out[v] = values;
                continue;
            }
            MetricWindow w = windows.get(v).get();
            double[] sum = new double[samples];
            int[] count = new int[samples];
            for (int j = 0; j < w.size(); j++) {
                int k = (int) Math.floor((offset(w, j, newest) - start) / interval);
                k = Math.max(0, Math.min(samples - 1, k));
                sum[k] += clamp(w.get(j));
                count[k]++;
            }
            int first = 0;
            while (count[first] == 0) {
                first++;
            }
            double carry = sum[first] / count[first];
            for (int k = 0; k < samples; k++) {
                if (count[k] > 0) {
                    carry = sum[k] / count[k];
                }
                values[k] = carry;
            }
            out[v] = values;
        }
        return out;
    }

    private static double offset(MetricWindow w, int index, Instant newest) {
        double endOffset = (w.end().toEpochMilli() - newest.toEpochMilli()) / 1e3;
        return endOffset - (w.size() - 1 - index) * seconds(w.step());
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static double clamp(double u) {
        return Double.isNaN(u) ? 0 : Math.max(0, Math.min(1, u));
    }

    private static String format(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    /** The resampled series: immutable. */
    private record SeriesWorkload(String label, List<String> names, double[][] series) implements DatacenterWorkload {

        @Override
        public int vms() {
            return series.length;
        }

        @Override
        public String vmName(int vm) {
            return names.get(vm);
        }

        @Override
        public int samples() {
            return series[0].length;
        }

        @Override
        public double utilisation(int vm, int sample) {
            return series[vm][sample];
        }
    }
}

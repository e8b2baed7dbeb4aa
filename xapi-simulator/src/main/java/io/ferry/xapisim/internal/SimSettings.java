package io.ferry.xapisim.internal;

import static io.ferry.policy.support.ConfigurationChecks.inRange;
import static io.ferry.policy.support.ConfigurationChecks.inRangeCompact;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Everything that shapes one simulated pool and its server, validated. Built by
 * {@code io.ferry.xapisim.XapiSimulator.Builder}, whose javadoc documents each attribute and its default.
 *
 * @param hosts                  hosts in the pool, 2 to {@value #MAX_HOSTS}
 * @param vms                    guest VMs (not counting control domains and templates), 1 to {@value #MAX_VMS}
 * @param haltedVms              how many of the guests are halted, 0 to {@code vms}
 * @param templates              default templates in the pool (halted, {@code is_a_template}), 0 to 10
 * @param seed                   seed of layout, identifiers, workloads, page writes and faults
 * @param user                   the user name {@code session.login_with_password} accepts
 * @param password               its password
 * @param timeScale              simulated seconds per wall-clock second, in (0, 1e6]
 * @param traceDir               PlanetLab traces, one file per guest; empty: synthetic workload
 * @param traceSecondsPerSample  simulated seconds per trace sample
 * @param hostCpus               physical CPUs per host, 1 to 1024
 * @param hostMemoryGiB          memory per host; 0 sizes hosts so that every running VM fits on another host
 * @param vmMemoryGiB            memory sizes a guest draws from
 * @param vmVcpus                vCPU counts a guest draws from
 * @param controlDomainMemoryMiB memory of each host's control domain
 * @param linkGbps               bandwidth of the pool's migration network, shared by concurrent migrations
 * @param rttMs                  round-trip time between hosts
 * @param dirtyPagesPerCpuSecond page writes per second of a guest per fully used vCPU
 * @param hotSetFraction         share of a guest's pages its writes fall on while it migrates
 * @param hotSetSkew             Zipf exponent of those writes
 * @param faults                 the faults to inject
 * @param port                   TCP port; 0 picks a free one
 * @param hostListeners          whether each host answers on its own loopback address (127.0.0.N)
 * @param clock                  wall-clock nanoseconds (System::nanoTime, or a test's manual clock)
 * @param epoch                  the instant of simulated time 0; empty: the wall-clock time at start
 * @param poolName               the pool's name label
 */
public record SimSettings(int hosts, int vms, int haltedVms, int templates, long seed, String user, String password,
        double timeScale, Optional<Path> traceDir, double traceSecondsPerSample, int hostCpus, int hostMemoryGiB,
        List<Integer> vmMemoryGiB, List<Integer> vmVcpus, int controlDomainMemoryMiB, double linkGbps, double rttMs,
        double dirtyPagesPerCpuSecond, double hotSetFraction, double hotSetSkew, FaultPlan faults, int port,
        boolean hostListeners, LongSupplier clock, Optional<Instant> epoch, String poolName) {

    public static final int MAX_HOSTS = 1000;
    public static final int MAX_VMS = 10_000;

    public SimSettings {
        vmMemoryGiB = List.copyOf(vmMemoryGiB);
        vmVcpus = List.copyOf(vmVcpus);
        inRange("hosts", hosts, 2, MAX_HOSTS);
        inRange("vms", vms, 1, MAX_VMS);
        inRange("haltedVms", haltedVms, 0, vms);
        inRange("templates", templates, 0, 10);
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("user: must not be empty");
        }
        if (password == null) {
            throw new IllegalArgumentException("password: must not be null");
        }
        if (!(timeScale > 0 && timeScale <= 1e6)) {
            throw new IllegalArgumentException("timeScale = " + timeScale + ": must be in (0, 1000000]");
        }
        inRangeCompact("traceSecondsPerSample", traceSecondsPerSample, 1, 86400);
        inRange("hostCpus", hostCpus, 1, 1024);
        inRange("hostMemoryGiB", hostMemoryGiB, 0, 65536);
        if (vmMemoryGiB.isEmpty() || vmMemoryGiB.stream().anyMatch(g -> g == null || g < 1 || g > 1024)) {
            throw new IllegalArgumentException("vmMemoryGiB = " + vmMemoryGiB + ": must be sizes from 1 to 1024 GiB");
        }
        if (vmVcpus.isEmpty() || vmVcpus.stream().anyMatch(c -> c == null || c < 1 || c > hostCpus)) {
            throw new IllegalArgumentException("vmVcpus = " + vmVcpus + ": must be counts from 1 to hostCpus ("
                    + hostCpus + ")");
        }
        inRange("controlDomainMemoryMiB", controlDomainMemoryMiB, 256, 65536);
        if (!(linkGbps > 0 && linkGbps <= 1000)) {
            throw new IllegalArgumentException("linkGbps = " + linkGbps + ": must be in (0, 1000]");
        }
        if (!(rttMs >= 0 && rttMs <= 1000)) {
            throw new IllegalArgumentException("rttMs = " + rttMs + ": must be in [0, 1000]");
        }
        if (!(dirtyPagesPerCpuSecond >= 0 && dirtyPagesPerCpuSecond <= 1e7)) {
            throw new IllegalArgumentException("dirtyPagesPerCpuSecond = " + dirtyPagesPerCpuSecond
                    + ": must be in [0, 10000000]");
        }
        if (!(hotSetFraction > 0 && hotSetFraction <= 1)) {
            throw new IllegalArgumentException("hotSetFraction = " + hotSetFraction + ": must be in (0, 1]");
        }
        if (!(hotSetSkew >= 0 && hotSetSkew <= 5)) {
            throw new IllegalArgumentException("hotSetSkew = " + hotSetSkew + ": must be in [0, 5]");
        }
        if (faults == null) {
            throw new IllegalArgumentException("faults: must not be null (FaultPlan.NONE for none)");
        }
        inRange("port", port, 0, 65535);
        if (clock == null || epoch == null || traceDir == null) {
            throw new IllegalArgumentException("clock, epoch and traceDir must not be null");
        }
        if (poolName == null) {
            throw new IllegalArgumentException("poolName: must not be null");
        }
    }

    /** @return the migration link's bandwidth in bytes per second */
    double linkBytesPerSecond() {
        return linkGbps * 1e9 / 8;
    }
}

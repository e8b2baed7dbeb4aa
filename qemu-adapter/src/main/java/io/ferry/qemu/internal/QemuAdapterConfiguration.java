package io.ferry.qemu.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One QEMU pool (factory PID {@value QemuHypervisorAdapter#FACTORY_PID}, one configuration per pool, such as
 * {@code etc/io.ferry.qemu-lab.cfg}). The defaults give three hosts on this machine, QEMU's own 128 MiB/s
 * bandwidth default kept as an explicit cap (uncapped loopback moves 5-7 Gbit/s and nothing would ever fail to
 * converge), TCG with one vCPU (KVM is unusable on this kind of machine), and bounded timeouts everywhere.
 *
 * <p>List attributes accept a comma-separated string (as a {@code .cfg} file writes them) or an array.
 */
@ObjectClassDefinition(name = "Ferry QEMU pool",
        description = "QEMU processes on this machine as a pool of hosts: real live migrations (pre-copy, "
                + "post-copy, the hybrid switch) over Unix sockets, driven through QMP.")
@interface QemuAdapterConfiguration {

    @AttributeDefinition(name = "Pool name",
            description = "The pool's name, registered as the service property pool.name (letters, digits, "
                    + "'.', '_', '-').")
    String pool_name() default "qemu";

    @AttributeDefinition(name = "QEMU binary",
            description = "qemu-system-x86_64 to run, >= 9 (7.2 corrupts guests after pre-copy under TCG). The "
                    + "testbed's private copy is <cache>/qemu/usr/bin/qemu-system-x86_64.")
    String qemuBinary() default "qemu-system-x86_64";

    @AttributeDefinition(name = "QEMU library path",
            description = "LD_LIBRARY_PATH for a private QEMU unpacked with dpkg -x; empty for a system QEMU.")
    String qemuLibraryPath() default "";

    @AttributeDefinition(name = "QEMU firmware directories",
            description = "Directories passed with -L (bios-256k.bin, pvh.bin, linuxboot_dma.bin); empty for the "
                    + "binary's built-in paths.")
    String[] qemuDataDirs() default {};

    @AttributeDefinition(name = "QEMU module directory",
            description = "QEMU_MODULE_DIR for a private QEMU; empty for the built-in path.")
    String qemuModuleDir() default "";

    @AttributeDefinition(name = "Work directory",
            description = "Where hosts keep QMP and migration sockets, serial logs and PID files; empty for "
                    + "<java.io.tmpdir>/ferry-qemu-<pool name>. Unix socket paths must stay under 108 bytes.")
    String workDir() default "";

    @AttributeDefinition(name = "Hosts",
            description = "Names of the host slots (2 to 64 distinct names).")
    String[] hosts() default {"qemu-a", "qemu-b", "qemu-c"};

    @AttributeDefinition(name = "Memory per host (MiB)",
            description = "Guest memory a host accepts, as reported in snapshots and checked before a boot or a "
                    + "migration (64 to 1048576).")
    int hostMemoryMiB() default 4096;

    @AttributeDefinition(name = "Guest kernel",
            description = "An uncompressed vmlinux with CONFIG_PVH (boots in 3-7 s under TCG) or a bzImage; the "
                    + "testbed's is <cache>/vmlinux. Required to boot guests.")
    String kernel() default "";

    @AttributeDefinition(name = "Guest initramfs",
            description = "The initramfs with Ferry's workload program; the testbed's is "
                    + "<cache>/initramfs.cpio.gz. Required to boot guests.")
    String initramfs() default "";

    @AttributeDefinition(name = "Guests",
            description = "Guests booted at activation, one per entry: name@host;key=value;... with keys memory "
                    + "(guest MiB, default 256), workload (MiB, default 128), mode (idle, uniform, sweep, "
                    + "hotcold), rate (writes/s, 0 = max), hot (MiB), hotpct, sched (rate:seconds/rate:seconds), "
                    + "hb (ms), check (s), seed.")
    String[] vms() default {};

    @AttributeDefinition(name = "Machine type", description = "-machine, the same on both ends of a migration.")
    String machine() default "pc";

    @AttributeDefinition(name = "Accelerator",
            description = "-accel: tcg (KVM on this kind of machine is a paravirtual kvm-pvm that cannot run guests).")
    String accel() default "tcg";

    @AttributeDefinition(name = "CPU model", description = "-cpu, the same on both ends of a migration.")
    String cpuModel() default "qemu64";

    @AttributeDefinition(name = "Bandwidth cap (MiB/s)",
            description = "max-bandwidth of every migration (the pre-copy cap; QEMU lifts it for the final "
                    + "stop-and-copy) when the request's link is not slower, and the link this pool advertises to "
                    + "policies (1 to 100000). It does not apply after a switch to post-copy: see the post-copy cap.")
    double bandwidthCapMiBps() default 128;

    @AttributeDefinition(name = "Post-copy bandwidth cap (MiB/s)",
            description = "max-postcopy-bandwidth of every migration: the cap of the post-copy phase. 0, the "
                    + "default, is QEMU's own default: unlimited, so the post-copy phase runs at what the host can "
                    + "copy (a few hundred MiB/s under TCG). A request whose link asks for a lower post-copy cap "
                    + "gets that one (0 to 100000).")
    double postcopyBandwidthCapMiBps() default 0;

    @AttributeDefinition(name = "Auto-converge",
            description = "Enable QEMU's auto-converge (throttles the guest's vCPU while pre-copy lags).")
    boolean autoConverge() default false;

    @AttributeDefinition(name = "XBZRLE", description = "Enable XBZRLE delta compression of re-sent pages.")
    boolean xbzrle() default false;

    @AttributeDefinition(name = "Multifd channels",
            description = "0 disables multifd; 1 to 64 enables it with that many channels (pre-copy only: QEMU "
                    + "refuses multifd with post-copy, so this pool then offers no post-copy).")
    int multifdChannels() default 0;

    @AttributeDefinition(name = "Post-copy preempt",
            description = "Enable postcopy-preempt (faulted pages on a separate channel).")
    boolean postcopyPreempt() default false;

    @AttributeDefinition(name = "Stop-and-copy",
            description = "What a policy's stop-and-copy decision does: FORCE raises downtime-limit to QEMU's "
                    + "maximum (2000 s) so QEMU pauses the guest and sends everything at its next check, as the "
                    + "engine models it; WAIT lets QEMU stop only when its downtime limit is met (the migration "
                    + "may then run into the timeout).")
    String stopAndCopy() default "FORCE";

    @AttributeDefinition(name = "Migration timeout (s)",
            description = "A migration still in pre-copy after this long is cancelled with migrate_cancel and "
                    + "counted as not converged; the guest stays on its source (1 to 86400).")
    int migrationTimeoutSeconds() default 60;

    @AttributeDefinition(name = "Post-copy timeout (s)",
            description = "A post-copy phase running longer than this is abandoned and reported FAILED: the guest "
                    + "is then lost, as post-copy cannot be undone (1 to 86400).")
    int postcopyTimeoutSeconds() default 120;

    @AttributeDefinition(name = "Poll interval (ms)",
            description = "How often a migration polls query-migrate for round ends and the policy's switch "
                    + "(10 to 5000).")
    int pollIntervalMillis() default 100;

    @AttributeDefinition(name = "Boot timeout (s)",
            description = "How long a boot may take to the guest's first heartbeat (1 to 3600).")
    int bootTimeoutSeconds() default 90;

    @AttributeDefinition(name = "QMP timeout (ms)",
            description = "How long one QMP command, or the socket's appearance, may take (100 to 600000).")
    int qmpTimeoutMillis() default 10000;

    @AttributeDefinition(name = "Heartbeat wait (ms)",
            description = "After a migration, how long to wait for the guest's first heartbeat on the "
                    + "destination to measure the pause (0 to 600000).")
    int heartbeatWaitMillis() default 5000;

    @AttributeDefinition(name = "Heartbeat tail period (ms)",
            description = "How often serial logs are read: the resolution of heartbeat arrival times (1 to 1000).")
    int tailPeriodMillis() default 5;

    @AttributeDefinition(name = "Metrics interval (s)",
            description = "Sample period of CPU and dirty-rate windows (calc-dirty-rate of every guest not "
                    + "migrating); 0 disables background sampling (0 to 3600).")
    int metricsIntervalSeconds() default 5;

    @AttributeDefinition(name = "Metric samples kept",
            description = "Samples kept per guest and metric (1 to 100000).")
    int metricsSamples() default 720;

    @AttributeDefinition(name = "Dirty-rate window (ms)",
            description = "calc-time of one calc-dirty-rate measurement (100 to 60000).")
    int dirtyRateCalcMillis() default 200;

    @AttributeDefinition(name = "Dirty-rate sample pages per GiB",
            description = "sample-pages of calc-dirty-rate (page-sampling mode; 128 to 16384).")
    int dirtyRateSamplePages() default 4096;
}

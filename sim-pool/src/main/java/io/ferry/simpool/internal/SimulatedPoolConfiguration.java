package io.ferry.simpool.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One simulated pool (factory PID {@value SimulatedPoolAdapter#FACTORY_PID}, one configuration per pool, such
 * as {@code etc/io.ferry.simpool-sim.cfg}). Every default gives a pool that an operator sees acting within its
 * first minute: 8 hosts of 16 CPUs and 64 GiB, 40 VMs, two hosts above 80 % CPU at the start, a 10 Gbit/s
 * migration network and XAPI's 5 s sample period.
 *
 * <p>List attributes accept a comma-separated string (as a {@code .cfg} file writes them) or an array.
 */
@ObjectClassDefinition(name = "Ferry simulated pool",
        description = "A simulated pool of hosts and VMs whose live migrations run in Ferry's page-level engine. "
                + "Deterministic for a seed; CPU follows a synthetic workload or PlanetLab traces.")
@interface SimulatedPoolConfiguration {

    @AttributeDefinition(name = "Pool name",
            description = "The pool's name, registered as the service property pool.name (letters, digits, "
                    + "'.', '_', '-').")
    String pool_name() default "sim";

    @AttributeDefinition(name = "Hosts", description = "Number of hosts, named host-00, host-01, ... (2 to 1000).")
    int hosts() default 8;

    @AttributeDefinition(name = "VMs", description = "Number of VMs, named vm-000, vm-001, ... (1 to 10000).")
    int vms() default 40;

    @AttributeDefinition(name = "Seed",
            description = "Seed of placement, VM sizes, workloads, the guests' page writes and injected faults.")
    long seed() default 42;

    @AttributeDefinition(name = "CPUs per host", description = "Physical CPUs of every host (1 to 1024).")
    int hostCpus() default 16;

    @AttributeDefinition(name = "Memory per host (GiB)", description = "Physical memory of every host (1 to 65536).")
    int hostMemoryGiB() default 64;

    @AttributeDefinition(name = "VM memory sizes (GiB)",
            description = "Each VM gets one of these sizes, drawn with the seed (each 1 to hostMemoryGiB).")
    String[] vmMemoryGiB() default {"1", "2", "4"};

    @AttributeDefinition(name = "VM vCPU counts",
            description = "Each VM gets one of these vCPU counts, drawn with the seed (each 1 to hostCpus).")
    String[] vmVcpus() default {"1", "2", "3", "4"};

    @AttributeDefinition(name = "Halted VMs",
            description = "How many VMs are halted (resident nowhere, not migratable), chosen with the seed "
                    + "(0 to vms).")
    int haltedVms() default 1;

    @AttributeDefinition(name = "Hosts in maintenance",
            description = "Names of hosts in maintenance: disabled, holding no VMs, never a migration target. "
                    + "At least two hosts must stay in service.")
    String[] maintenanceHosts() default {};

    @AttributeDefinition(name = "Overloaded host fraction",
            description = "Share of the hosts in service that start overloaded (90 to 100 % CPU demand); the "
                    + "rest start lightly loaded. At least one host each way when two or more are in service "
                    + "and the fraction is above 0 (0 to 1).")
    double overloadedHostFraction() default 0.25;

    @AttributeDefinition(name = "Anti-affinity tags",
            description = "tag=count pairs: each tag goes to count running VMs on distinct hosts, so a guard "
                    + "has groups to respect (count 1 to number of hosts in service).")
    String[] antiAffinityTags() default {"aa:db=3", "aa:web=2"};

    @AttributeDefinition(name = "Migration link (Gbit/s)",
            description = "Bandwidth of the pool's migration network, shared equally by concurrent migrations "
                    + "(0 exclusive to 1000).")
    double linkGbps() default 10;

    @AttributeDefinition(name = "Link RTT (ms)",
            description = "Round-trip time between hosts; a post-copy page fault costs one (0 to 1000).")
    double rttMs() default 0.5;

    @AttributeDefinition(name = "Time scale",
            description = "Simulated seconds per wall-clock second (0 exclusive to 3600).")
    double timeScale() default 1.0;

    @AttributeDefinition(name = "Tick (ms)",
            description = "Wall-clock milliseconds between simulation steps; each step advances tickMillis x "
                    + "timeScale of simulated time (10 to 60000).")
    int tickMillis() default 100;

    @AttributeDefinition(name = "Sample period (s)",
            description = "Simulated seconds between telemetry samples, like XAPI's 5 s RRD archive (1 to 3600).")
    int sampleSeconds() default 5;

    @AttributeDefinition(name = "History samples",
            description = "Samples kept per series in the ring buffers; 720 x 5 s is one hour (2 to 100000, and "
                    + "at most 256 MiB of buffers in all).")
    int historySamples() default 720;

    @AttributeDefinition(name = "Migration failure rate",
            description = "Probability that a migration fails part-way through pre-copy with VM_MIGRATE_FAILED, "
                    + "leaving the VM on its source; drawn with the seed (0 to 1).")
    double migrationFailureRate() default 0.0;

    @AttributeDefinition(name = "Dirty pages per CPU-second",
            description = "A VM writes this many 4 KiB pages per second for each fully used vCPU: its dirty "
                    + "rate is this x vCPUs x CPU utilisation (0 to 1e7).")
    double dirtyPagesPerCpuSecond() default 5000;

    @AttributeDefinition(name = "Hot set fraction",
            description = "While it migrates, a VM rewrites a hot set (writable working set) of this fraction "
                    + "of its pages (0 exclusive to 1).")
    double hotSetFraction() default 0.1;

    @AttributeDefinition(name = "Hot set skew",
            description = "Zipf exponent of writes within the hot set; 0 is uniform (0 to 5).")
    double hotSetSkew() default 0.8;

    @AttributeDefinition(name = "Capabilities",
            description = "What the simulated hypervisor offers, such as PRE_COPY,CANCEL for a XenServer-like "
                    + "pool (no round control, no post-copy, no dirty-rate metric). Empty: everything the "
                    + "engine can do. Must include PRE_COPY.")
    String[] capabilities() default {};

    @AttributeDefinition(name = "Workload: sine period (s)",
            description = "Mean period of each VM's slow CPU cycle; each VM's period is 0.5 to 1.5 times this "
                    + "(1 to 86400).")
    double sinePeriodSeconds() default 300;

    @AttributeDefinition(name = "Workload: sine amplitude",
            description = "Mean amplitude of the slow cycle as a fraction of the VM's vCPUs; each VM's is 0.5 "
                    + "to 1.5 times this (0 to 1).")
    double sineAmplitude() default 0.1;

    @AttributeDefinition(name = "Workload: noise amplitude",
            description = "Seeded noise, uniform in +/- this, interpolated between knots every 10 s (0 to 1).")
    double noiseAmplitude() default 0.05;

    @AttributeDefinition(name = "Workload: burst probability",
            description = "Chance that a VM bursts in a given burst window (0 to 1).")
    double burstProbability() default 0.05;

    @AttributeDefinition(name = "Workload: burst height",
            description = "CPU added during a burst, as a fraction of the VM's vCPUs (0 to 1).")
    double burstHeight() default 0.3;

    @AttributeDefinition(name = "Workload: burst window (s)",
            description = "Length of one burst window (1 to 86400).")
    double burstSeconds() default 60;

    @AttributeDefinition(name = "Workload trace directory",
            description = "A directory of PlanetLab CPU traces (one file per VM, one integer percentage per "
                    + "line). When set, VM i follows file i in name order and the synthetic workload is off. "
                    + "Empty: synthetic workload.")
    String workloadTraceDir() default "";

    @AttributeDefinition(name = "Trace sample (s)",
            description = "Simulated seconds per trace sample; PlanetLab samples every 300 s (1 to 86400).")
    double traceSecondsPerSample() default 300;
}

package io.ferry.xapisim.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One embedded XAPI simulator (factory PID {@value XapiSimulatorComponent#FACTORY_PID}, one configuration per
 * simulated pool, such as {@code etc/io.ferry.xapisim-NAME.cfg}). The defaults are those of
 * {@code io.ferry.xapisim.XapiSimulator.Builder}: 4 hosts, 12 guests, a 1 Gbit/s migration network, simulated time
 * at wall speed, user {@code root} with password {@code xenroot}.
 *
 * <p>A simulator for demos and tests: plain HTTP on loopback only. List attributes accept a comma-separated string
 * (as a {@code .cfg} file writes them) or an array.
 */
@ObjectClassDefinition(name = "Ferry XAPI simulator",
        description = "A simulated XenServer pool behind a real XML-RPC server on 127.0.0.1 speaking xapi's wire "
                + "format, for demos and tests: Ferry's xen-adapter (or any XenAPI client) connects to it over HTTP.")
@interface XapiSimulatorConfiguration {

    @AttributeDefinition(name = "Pool name label",
            description = "The simulated pool's name_label, as XenCenter would show it.")
    String pool_name() default "ferry-sim";

    @AttributeDefinition(name = "Port",
            description = "TCP port on 127.0.0.1 (and on 127.0.0.2 … for the other hosts, where Linux routes them); "
                    + "0 picks a free port, logged at activation (0 to 65535).")
    int port() default 0;

    @AttributeDefinition(name = "Hosts", description = "Hosts, host-00 (the master) to host-NN (2 to 1000).")
    int hosts() default 4;

    @AttributeDefinition(name = "VMs", description = "Guest VMs, control domains and templates not counted (1 to 10000).")
    int vms() default 12;

    @AttributeDefinition(name = "Halted VMs", description = "How many guests are halted (0 to vms).")
    int haltedVms() default 1;

    @AttributeDefinition(name = "Seed",
            description = "Seed of the layout, identifiers, workloads, page writes and faults.")
    long seed() default 42;

    @AttributeDefinition(name = "User", description = "The user name session.login_with_password accepts.")
    String user() default "root";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
            description = "The password it accepts (a simulator's: not a secret worth protecting).")
    String _password() default "xenroot";

    @AttributeDefinition(name = "Time scale",
            description = "Simulated seconds per wall-clock second (0 exclusive to 1000000).")
    double timeScale() default 1.0;

    @AttributeDefinition(name = "CPUs per host", description = "Physical CPUs of every host (1 to 1024).")
    int hostCpus() default 16;

    @AttributeDefinition(name = "Memory per host (GiB)",
            description = "0: sized so that every running VM fits on any other host (0 to 65536).")
    int hostMemoryGiB() default 0;

    @AttributeDefinition(name = "VM memory sizes (GiB)", description = "Each guest draws one (1 to 1024).")
    String[] vmMemoryGiB() default {"1", "2", "4"};

    @AttributeDefinition(name = "VM vCPU counts",
            description = "Each guest draws one. Empty: 1, 2, 4 (those above hostCpus dropped).")
    String[] vmVcpus() default {};

    @AttributeDefinition(name = "Migration link (Gbit/s)",
            description = "The pool's migration network, shared by concurrent migrations (0 exclusive to 1000).")
    double linkGbps() default 1.0;

    @AttributeDefinition(name = "Link RTT (ms)", description = "Round-trip time between hosts (0 to 1000).")
    double rttMs() default 0.5;

    @AttributeDefinition(name = "Dirty pages per CPU-second",
            description = "A migrating guest writes this many pages per second per fully used vCPU (0 to 1e7).")
    double dirtyPagesPerCpuSecond() default 5000;

    @AttributeDefinition(name = "Fault file",
            description = "A fault file (see the module's README: failures, offline hosts, slow replies, session "
                    + "expiry, connection resets). Empty: no faults.")
    String faults() default "";

    @AttributeDefinition(name = "Trace directory",
            description = "PlanetLab CPU traces, one file per guest. Empty: the synthetic workload.")
    String traceDir() default "";

    @AttributeDefinition(name = "Host listeners",
            description = "Whether host N also answers on 127.0.0.(N+1), so that /rrd_updates is per host as on a "
                    + "real pool.")
    boolean hostListeners() default true;
}

package io.ferry.xapisim.internal;

import io.ferry.xapisim.XapiSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * An embedded {@link XapiSimulator} run from configuration: one per configuration of the factory PID
 * {@value #FACTORY_PID} ({@code etc/io.ferry.xapisim-NAME.cfg}), started at activation and closed at deactivation.
 * It is how the Karaf distribution shows a XenServer pool without a XenServer: Ferry's {@code xen-adapter} connects
 * to it over HTTP exactly as to a real pool master.
 *
 * <p>Decides nothing beyond what the simulator does; registers no service. Cost: the simulator's listeners (one
 * per host) and a thread per call in flight. Activation fails with the builder's one-line message when an
 * attribute is out of range, and with the bind error when the port is taken.
 *
 * <p>Inside Karaf this bundle needs {@code com.sun.net.httpserver}, which Karaf's system bundle exports only when
 * {@code org.osgi.framework.system.packages.extra} names it (the Ferry distribution does). When not to use it: for
 * anything but demos and tests — it is a simulator, on plain HTTP.
 */
@Component(configurationPid = XapiSimulatorComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = XapiSimulatorConfiguration.class, factory = true)
public final class XapiSimulatorComponent {

    /** The factory PID: one configuration, one simulated pool. */
    static final String FACTORY_PID = "io.ferry.xapisim";

    private static final Logger LOG = System.getLogger(XapiSimulatorComponent.class.getName());

    private final XapiSimulator simulator;

    /**
     * Builds and starts the simulator.
     *
     * @throws IllegalArgumentException naming the first attribute out of range
     * @throws UncheckedIOException     when the port cannot be bound
     */
    @Activate
    public XapiSimulatorComponent(XapiSimulatorConfiguration config) {
        XapiSimulator.Builder b = XapiSimulator.builder().poolName(config.pool_name()).port(config.port())
                .hosts(config.hosts()).vms(config.vms()).haltedVms(config.haltedVms()).seed(config.seed())
                .user(config.user()).password(config._password()).timeScale(config.timeScale())
                .hostCpus(config.hostCpus()).hostMemoryGiB(config.hostMemoryGiB())
                .vmMemoryGiB(integers("vmMemoryGiB", config.vmMemoryGiB()).toArray(new Integer[0]))
                .linkGbps(config.linkGbps()).rttMs(config.rttMs())
                .dirtyPagesPerCpuSecond(config.dirtyPagesPerCpuSecond()).hostListeners(config.hostListeners());
        List<Integer> vcpus = integers("vmVcpus", config.vmVcpus());
        if (!vcpus.isEmpty()) {
            b.vmVcpus(vcpus.toArray(new Integer[0]));
        }
        if (!config.faults().isBlank()) {
            b.faults(Path.of(config.faults().trim()));
        }
        if (!config.traceDir().isBlank()) {
            b.traceDir(Path.of(config.traceDir().trim()));
        }
        XapiSimulator sim = b.build();
        try {
            sim.start();
        } catch (IOException e) {
            sim.close();
            throw new UncheckedIOException("port = " + config.port() + ": cannot be bound: " + e.getMessage(), e);
        }
        this.simulator = sim;
        LOG.log(Level.INFO, "XAPI simulator {0} listening on {1} ({2} hosts at {3}, {4} guests, time scale {5}, "
                + "user {6})", config.pool_name(), sim.url(), config.hosts(), sim.hostAddresses().get(0)
                + (config.hosts() > 1 ? "…" : ""), config.vms(), config.timeScale(), sim.user());
    }

    /** Closes the simulator: its listeners stop, calls in flight end. */
    @Deactivate
    public void close() {
        simulator.close();
        LOG.log(Level.INFO, "XAPI simulator on port {0} stopped", Integer.toString(simulator.port()));
    }

    /** Splits every element on commas, so that "1,2,4" and {"1", "2", "4"} read alike. */
    static List<Integer> integers(String name, String[] values) {
        List<Integer> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String v : values) {
            for (String part : v == null ? new String[0] : v.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                try {
                    out.add(Integer.parseInt(p));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " = " + String.join(",", values)
                            + ": must be integers");
                }
            }
        }
        return out;
    }

    /** @return the running simulator (tests) */
    XapiSimulator simulator() {
        return simulator;
    }
}

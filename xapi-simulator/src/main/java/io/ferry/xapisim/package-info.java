/**
 * A faithful XAPI simulator: a simulated XenServer / XCP-ng pool behind a real XML-RPC server on loopback that
 * speaks xapi's wire format, so that the unmodified XenAPI SDK runs against it. Embed it with
 * {@link io.ferry.xapisim.XapiSimulator}; run it standalone with {@link io.ferry.xapisim.XapiSimulatorMain}.
 *
 * <p>Inside OSGi the bundle imports {@code com.sun.net.httpserver}, which a Karaf system bundle does not export
 * by default: add it to {@code org.osgi.framework.system.packages.extra}. The command line's picocli import is
 * optional.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ferry.xapisim;

/**
 * Plugin factories: how Ferry finds the policies, agents, predictors and pools that are installed, by name,
 * without knowing their classes. Each plugin bundle (or plain jar) provides one factory per plugin, published
 * as an OSGi service in Karaf and listed in {@code META-INF/services/<factory interface>} for
 * {@link java.util.ServiceLoader} outside it, so that the command line, the benchmarks and the testbeds
 * discover a vendor's plugin the same way Karaf does, with no Ferry code changed.
 *
 * <p>A factory describes its configuration ({@link io.ferry.api.spi.SettingDescription}, derived from the
 * plugin's metatype) and builds an instance from a map of settings, missing keys taking their defaults.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ferry.api.spi;

/**
 * Ferry's controller outside OSGi ({@link io.ferry.controller.embedded.EmbeddedController}): the same control cycle,
 * guard, swap semantics and audit log as in Karaf, for benchmarks, research replays and tools in a plain JVM.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.ferry.controller.embedded;

package io.ferry.ml.dl4j.internal;

import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.config.DL4JClassLoading;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4jBackend;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the embedded Deeplearning4j usable inside an OSGi framework, before any thin bundle touches it.
 *
 * <p>ND4J and DL4J look their backend, ops and layers up through a class loader captured when their
 * configuration classes load — the thread context class loader, which inside Karaf is not the one that sees the
 * embedded jars. The activator points both at this bundle's class loader
 * ({@code ND4JClassLoading.setNd4jClassloaderFromClass}, {@code DL4JClassLoading.setDl4jClassloaderFromClass}).
 * It also gives JavaCPP a natives cache under Karaf's data folder ({@code ${karaf.data}/javacpp}) when the
 * launcher set none ({@code -Dorg.bytedeco.javacpp.cachedir}; the distribution's {@code bin/setenv} does), so that
 * ≈400 MB of natives are not unpacked into {@code ~/.javacpp/cache}.
 *
 * <p>Cost: two static assignments; nothing is loaded, and no native library is unpacked, until the first INDArray
 * is made. Stopping the bundle changes nothing: DL4J cannot be unloaded from a running JVM (JavaCPP's deallocator
 * threads pin its class loader), which is why this bundle is upgraded only with a restart.
 */
public final class Dl4jLibraryActivator implements BundleActivator {

    /** JavaCPP's system property for where it unpacks native libraries. */
    static final String CACHE_DIR_PROPERTY = "org.bytedeco.javacpp.cachedir";

    private static final Logger LOG = LoggerFactory.getLogger(Dl4jLibraryActivator.class);

    @Override
    public void start(BundleContext context) {
        ND4JClassLoading.setNd4jClassloaderFromClass(Nd4jBackend.class);
        DL4JClassLoading.setDl4jClassloaderFromClass(Dl4jLibraryActivator.class);
        cacheDirFor(System.getProperty(CACHE_DIR_PROPERTY), context.getProperty("karaf.data")).ifPresent(dir -> {
            System.setProperty(CACHE_DIR_PROPERTY, dir.toString());
            LOG.info("JavaCPP natives cache: {} (set {} to choose another)", dir, CACHE_DIR_PROPERTY);
        });
    }

    @Override
    public void stop(BundleContext context) {
        // nothing to undo: see the class comment
    }

    /**
     * @param configured the cache directory the launcher set, or null
     * @param karafData Karaf's data folder, or null outside Karaf
     * @return the directory to set, when none is configured and Karaf has a data folder
     */
    static Optional<Path> cacheDirFor(String configured, String karafData) {
        if (configured != null && !configured.isBlank()) {
            return Optional.empty();
        }
        if (karafData == null || karafData.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Path.of(karafData, "javacpp"));
    }
}

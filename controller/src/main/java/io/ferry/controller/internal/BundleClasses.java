package io.ferry.controller.internal;

import java.util.Collection;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads every class of a plugin bundle's own content (its packages and everything embedded on its class path)
 * when the controller binds the plugin, so that the plugin's objects keep working after the bundle is updated or
 * uninstalled and refreshed — the promise that a migration in flight finishes with the policy it started with.
 *
 * <p>Why it is needed: when a refresh removes a bundle revision, Felix disposes its wiring and closes its
 * content. The revision's class loader lives on while its objects are referenced, classes it has already defined
 * keep working, and its imports still resolve through their wires; but a class it has not yet defined can no
 * longer be loaded ("the bundle wiring ... is no longer valid"), and the steering that needs it fails with a
 * {@link NoClassDefFoundError}. Holding a reference to the bundle, its wiring or its class loader does not
 * prevent that, and OSGi offers no way to keep a removed revision's content open. Defining every class up front
 * does, for every plugin, vendors' included, whatever it loads lazily. Classes are defined, not initialised: no
 * static initialiser runs early.
 *
 * <p>Cost: once per bundle revision, at bind time: one pass over the class entries of the bundle's class path
 * (about 800 for the hybrid policy with its embedded Commons Math: 0.4 s of CPU measured in a cold JVM), and the
 * class-loader memory those classes take, which the revision would mostly take anyway. It does not cover
 * resources (files) a plugin reads lazily from its bundle: a plugin reads those when it is activated.
 */
final class BundleClasses {

    private static final Logger LOG = LoggerFactory.getLogger(BundleClasses.class);

    private BundleClasses() {
    }

    /**
     * Defines every class of {@code bundle}'s current revision in its class loader. A class that cannot be
     * defined (a dependency it names is optional and absent) is skipped: the plugin would fail on it anyway.
     *
     * @return how many classes are now defined; 0 when the bundle is not resolved or has no class loader
     */
    static int loadAll(Bundle bundle) {
        BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
        ClassLoader loader = wiring == null ? null : wiring.getClassLoader();
        if (loader == null) {
            return 0;
        }
        Collection<String> entries = wiring.listResources("/", "*.class",
                BundleWiring.LISTRESOURCES_LOCAL | BundleWiring.LISTRESOURCES_RECURSE);
        long start = System.nanoTime();
        int loaded = 0;
        int skipped = 0;
        for (String entry : entries) {
            String name = className(entry);
            if (name == null) {
                continue;
            }
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                skipped++;
                LOG.debug("bundle {}: class {} cannot be loaded: {}", bundle.getSymbolicName(), name, e.toString());
            }
        }
        LOG.debug("bundle {}/{}: {} classes loaded ahead of use, {} skipped, in {} ms", bundle.getSymbolicName(),
                bundle.getVersion(), loaded, skipped, (System.nanoTime() - start) / 1_000_000);
        return loaded;
    }

    /**
     * @return the binary class name of a class-path entry such as {@code a/b/C$D.class}, or null for entries that
     *         are not loadable classes ({@code module-info}, multi-release variants under {@code META-INF})
     */
    static String className(String entry) {
        String path = entry.startsWith("/") ? entry.substring(1) : entry;
        if (!path.endsWith(".class") || path.startsWith("META-INF/") || path.endsWith("module-info.class")) {
            return null;
        }
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}

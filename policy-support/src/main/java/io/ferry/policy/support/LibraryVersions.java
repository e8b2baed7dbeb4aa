package io.ferry.policy.support;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The versions of the libraries a model was trained with, for its provenance: what a learned plugin records so that
 * a model can be traced to the exact DL4J, ND4J or JavaCPP it came from. It decides where a version is read: the
 * jar's Maven metadata ({@code META-INF/maven/GROUP/ARTIFACT/pom.properties}) found through a class of that jar,
 * else the jar manifest's {@code Implementation-Version}, else {@code unknown}. The plugin names the anchor classes
 * itself, so no library type passes through here. Cost: one resource read per call; no caching.
 */
public final class LibraryVersions {

    private LibraryVersions() {
    }

    /**
     * @param anchor   a class loaded from the library's jar (inside OSGi, from the bundle that embeds it)
     * @param group    the library's Maven groupId
     * @param artifact the library's Maven artifactId
     * @return its version, e.g. {@code 1.0.0-M2.1}; {@code unknown} when neither the metadata nor the manifest says
     */
    public static String maven(Class<?> anchor, String group, String artifact) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String version = p.getProperty("version");
                if (version != null) {
                    return version;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String version = anchor.getPackage() == null ? null : anchor.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    /** @return the running Java's version and vendor, e.g. {@code 17.0.13 (Eclipse Adoptium)} */
    public static String java() {
        return System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
    }
}

package io.ferry.ml.dl4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class Dl4jLibraryActivatorTest {

    @Test
    void withoutAConfiguredCacheTheNativesGoUnderKarafsDataFolder() {
        assertThat(Dl4jLibraryActivator.cacheDirFor(null, "/opt/ferry/data"))
                .contains(Path.of("/opt/ferry/data", "javacpp"));
    }

    @Test
    void aCacheTheLauncherConfiguredIsKept() {
        assertThat(Dl4jLibraryActivator.cacheDirFor("/var/cache/javacpp", "/opt/ferry/data")).isEmpty();
    }

    @Test
    void outsideKarafJavacppKeepsItsOwnDefault() {
        assertThat(Dl4jLibraryActivator.cacheDirFor(null, null)).isEmpty();
        assertThat(Dl4jLibraryActivator.cacheDirFor(" ", "")).isEmpty();
    }
}

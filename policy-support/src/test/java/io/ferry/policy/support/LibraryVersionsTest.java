package io.ferry.policy.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class LibraryVersionsTest {

    @Test
    void mavenWhenTheJarCarriesMavenMetadataThenItsVersion() {
        // AssertJ's jar carries META-INF/maven/org.assertj/assertj-core/pom.properties
        assertThat(LibraryVersions.maven(Assertions.class, "org.assertj", "assertj-core")).isEqualTo("3.26.3");
    }

    @Test
    void mavenWhenNeitherMetadataNorManifestSaysThenUnknown() {
        assertThat(LibraryVersions.maven(LibraryVersionsTest.class, "org.example", "absent")).isEqualTo("unknown");
    }

    @Test
    void javaNamesTheRunningVersionAndVendor() {
        assertThat(LibraryVersions.java()).isEqualTo(System.getProperty("java.version") + " ("
                + System.getProperty("java.vendor") + ")");
    }
}

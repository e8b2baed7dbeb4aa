package io.ferry.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InternalPackagesTest {

    /**
     * Types of other modules' internal packages that may be referred to anyway: none. Add one only as a stopgap
     * while it moves to an exported package, and remove it once it has.
     */
    private static final Set<String> ALLOWED = Set.of();

    @Test
    void sourcesWhenScannedThenNoModuleRefersToAnotherModulesInternalPackage() {
        Path root = Path.of(System.getProperty("ferry.root", "..")).toAbsolutePath().normalize();
        assertThat(root.resolve("api/src/main/java")).isDirectory();

        assertThat(new InternalPackageRule(ALLOWED).violations(root)).isEmpty();
    }

    @Test
    void violationsWhenAModuleImportsAnothersInternalClassThenReportsFileLineAndOwner(@TempDir Path root)
            throws IOException {
        write(root, "policy/src/main/java/io/ferry/policy/internal/Policy.java",
                "package io.ferry.policy.internal;\npublic final class Policy {}\n");
        write(root, "cli/src/main/java/io/ferry/cli/Main.java", "package io.ferry.cli;\n\n"
                + "import io.ferry.policy.internal.Policy;\nimport io.ferry.other.internal.*;\n"
                + "/** {@link io.ferry.policy.internal.Policy#x} */\nclass Main {}\n");

        assertThat(new InternalPackageRule(Set.of()).violations(root)).containsExactly(
                "cli/src/main/java/io/ferry/cli/Main.java:3: refers to io.ferry.policy.internal.Policy of module policy",
                "cli/src/main/java/io/ferry/cli/Main.java:4: refers to io.ferry.other.internal.* of module (none)",
                "cli/src/main/java/io/ferry/cli/Main.java:5: refers to io.ferry.policy.internal.Policy of module policy");
    }

    @Test
    void violationsWhenATestImportsAnotherModulesInternalClassThenReported(@TempDir Path root) throws IOException {
        write(root, "policy/src/main/java/io/ferry/policy/internal/Policy.java",
                "package io.ferry.policy.internal;\npublic final class Policy {}\n");
        write(root, "policy/src/test/java/io/ferry/policy/internal/PolicyTest.java",
                "package io.ferry.policy.internal;\nclass PolicyTest { Policy p; }\n");
        write(root, "engine/src/main/java/io/ferry/engine/Engine.java", "package io.ferry.engine;\nclass Engine {}\n");
        write(root, "engine/src/test/java/io/ferry/engine/EngineTest.java",
                "package io.ferry.engine;\nimport io.ferry.policy.internal.Policy;\nclass EngineTest {}\n");

        assertThat(new InternalPackageRule(Set.of()).violations(root)).containsExactly(
                "engine/src/test/java/io/ferry/engine/EngineTest.java:2: refers to io.ferry.policy.internal.Policy of module "
                        + "policy");
    }

    @Test
    void violationsWhenAModuleUsesItsOwnInternalPackageOrAnAllowedTypeThenNone(@TempDir Path root)
            throws IOException {
        write(root, "policy/src/main/java/io/ferry/policy/internal/Policy.java",
                "package io.ferry.policy.internal;\npublic final class Policy {}\n");
        write(root, "policy/src/main/java/io/ferry/policy/Policies.java",
                "package io.ferry.policy;\nimport io.ferry.policy.internal.Policy;\nclass Policies {}\n");
        write(root, "cli/src/main/java/io/ferry/cli/Main.java",
                "package io.ferry.cli;\nimport io.ferry.policy.internal.Policy;\nclass Main {}\n");

        assertThat(new InternalPackageRule(Set.of("io.ferry.policy.internal.Policy")).violations(root)).isEmpty();
    }

    private static void write(Path root, String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}

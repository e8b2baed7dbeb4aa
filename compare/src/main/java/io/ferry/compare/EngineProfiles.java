package io.ferry.compare;

import io.ferry.compare.internal.ProfileJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The named engine profiles {@code ./ferry compare --profile NAME} knows, and profile files.
 *
 * <ul>
 * <li>{@code ideal}: the engine's textbook model, what runs without {@code --profile};</li>
 * <li>{@code qemu-tcg}: QEMU 10 under TCG on a 2-core machine (the project's QEMU testbed), calibrated by
 * {@code ./ferry fidelity --calibrate} from idle and writing guests' migrations at 32, 64 and 128 MiB/s; the file
 * ({@code io/ferry/compare/profiles/qemu-tcg.json} in this bundle) names where each figure came from.</li>
 * </ul>
 * A profile file (the same JSON, see {@link #read(Path)}) can be given instead of a name. Cost: a built-in profile is
 * parsed on each lookup (a few KB).
 */
public final class EngineProfiles {

    /** The built-in profiles' names, {@code ideal} first. */
    private static final List<String> NAMES = List.of("ideal", "qemu-tcg");
    private static final String RESOURCE_DIR = "profiles/";

    private EngineProfiles() {
    }

    /** @return the built-in profiles' names */
    public static List<String> names() {
        return NAMES;
    }

    /** @return the built-in profile with this name, if there is one */
    public static Optional<EngineProfile> byName(String name) {
        if (name.equals(EngineProfile.IDEAL.name())) {
            return Optional.of(EngineProfile.IDEAL);
        }
        if (!NAMES.contains(name)) {
            return Optional.empty();
        }
        String resource = RESOURCE_DIR + name + ".json";
        try (InputStream in = EngineProfiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the compare bundle");
            }
            return Optional.of(ProfileJson.parse(name + " (built in)", new String(in.readAllBytes(),
                    StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param nameOrFile a built-in profile's name, or a profile file (a path ending in {@code .json})
     * @return the profile
     * @throws ScenarioFileException with one line: an unknown name (listing the known ones), or a file that cannot
     *                               be read or is not a valid profile
     */
    public static EngineProfile resolve(String nameOrFile) {
        if (nameOrFile.endsWith(".json")) {
            return read(Path.of(nameOrFile));
        }
        return byName(nameOrFile).orElseThrow(() -> new ScenarioFileException("unknown profile \"" + nameOrFile
                + "\": known profiles are " + String.join(", ", NAMES) + " (or a profile file ending in .json)"));
    }

    /**
     * Reads a profile file.
     *
     * @throws ScenarioFileException with one line naming the file and the JSON path
     */
    public static EngineProfile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioFileException(file + ": cannot read the profile: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        }
        return ProfileJson.parse(file.toString(), text);
    }

    /** Writes {@code profile} as a profile file that {@link #read(Path)} reads back; does not close {@code out}. */
    public static void write(EngineProfile profile, Writer out) throws IOException {
        ProfileJson.write(profile, out);
    }
}

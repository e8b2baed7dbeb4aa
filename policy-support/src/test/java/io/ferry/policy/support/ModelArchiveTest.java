package io.ferry.policy.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArchiveTest {

    @TempDir
    Path dir;

    private static byte[] zip(String... namesAndTexts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelArchive.Entries entries = ModelArchive.writer(out);
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            entries.entry(namesAndTexts[i], namesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        entries.finish();
        return out.toByteArray();
    }

    @Test
    void writerWhenEntriesAddedThenTheyStandInThatOrderWithTimeZeroAndReadBack() throws IOException {
        byte[] bytes = zip("b.bin", "two", "a.json", "one");

        ZipEntry timeZero = new ZipEntry("any");
        timeZero.setTime(0);
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                assertThat(e.getTime()).isEqualTo(timeZero.getTime());
            }
        }
        assertThat(names).containsExactly("b.bin", "a.json");
        Map<String, byte[]> read = ModelArchive.entries(new ByteArrayInputStream(bytes), "m.zip", 1 << 10, "a.json");
        assertThat(new String(read.get("b.bin"), StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(new String(read.get("a.json"), StandardCharsets.UTF_8)).isEqualTo("one");
    }

    @Test
    void writerWhenTheSameEntriesAreWrittenTwiceThenTheBytesAreTheSame() throws IOException {
        assertThat(zip("w", "1234", "p", "{}")).isEqualTo(zip("w", "1234", "p", "{}"));
    }

    @Test
    void entriesWhenARequiredEntryIsMissingThenCorruptNamingIt() throws IOException {
        byte[] bytes = zip("weights.bin", "x");

        assertThatThrownBy(() -> ModelArchive.entries(new ByteArrayInputStream(bytes), "m.zip", 1 << 10,
                "weights.bin", "provenance.json"))
                .isInstanceOfSatisfying(ModelArchiveException.class, e -> {
                    assertThat(e.missing()).isFalse();
                    assertThat(e.source()).isEqualTo("m.zip");
                    assertThat(e.detail()).isEqualTo("no provenance.json entry");
                });
    }

    @Test
    void entriesWhenAnEntryIsLargerThanTheCapThenCorruptNamingItAndTheCap() throws IOException {
        byte[] bytes = zip("weights.bin", "x".repeat((2 << 20) + 1));

        assertThatThrownBy(() -> ModelArchive.entries(new ByteArrayInputStream(bytes), "m.zip", 2 << 20))
                .isInstanceOfSatisfying(ModelArchiveException.class,
                        e -> assertThat(e.detail()).isEqualTo("weights.bin is larger than 2 MiB"));
        assertThat(ModelArchive.entries(new ByteArrayInputStream(bytes), "m.zip", 4 << 20)).containsKey("weights.bin");
    }

    @Test
    void entriesWhenTheBytesAreATruncatedZipThenCorruptWithTheZipReadersCause() throws IOException {
        byte[] bytes = zip("weights.bin", "x".repeat(4096));
        byte[] cut = java.util.Arrays.copyOf(bytes, 60);

        assertThatThrownBy(() -> ModelArchive.entries(new ByteArrayInputStream(cut), "m.zip", 1 << 20, "weights.bin"))
                .isInstanceOfSatisfying(ModelArchiveException.class, e -> {
                    assertThat(e.missing()).isFalse();
                    assertThat(e.getCause()).isInstanceOf(IOException.class);
                    assertThat(e.getMessage()).startsWith("model file m.zip: truncated or corrupt (");
                });
    }

    @Test
    void loadWhenThereIsNoSuchFileThenMissing() {
        Path file = dir.resolve("absent.zip");

        assertThatThrownBy(() -> ModelArchive.load(file, (in, source) -> "never"))
                .isInstanceOfSatisfying(ModelArchiveException.class, e -> {
                    assertThat(e.missing()).isTrue();
                    assertThat(e.source()).isEqualTo(file.toString());
                    assertThat(e.getMessage()).isEqualTo("model file " + file + ": no such file");
                });
    }

    @Test
    void loadWhenThePathIsADirectoryThenCorruptNotMissing() {
        assertThatThrownBy(() -> ModelArchive.load(dir, (in, source) -> in.readAllBytes()))
                .isInstanceOfSatisfying(ModelArchiveException.class, e -> assertThat(e.missing()).isFalse());
    }

    @Test
    void saveThenLoadGivesTheReaderTheFilesBytesAndItsName() throws IOException {
        Path file = dir.resolve("deep/er/m.zip");
        byte[] bytes = zip("weights.bin", "w");

        ModelArchive.save(file, out -> out.write(bytes));

        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        String got = ModelArchive.load(file, (InputStream in, String source) ->
                source + ":" + ModelArchive.entries(in, source, 1 << 10, "weights.bin").size());
        assertThat(got).isEqualTo(file + ":1");
    }

    @Test
    void fingerprintIsSixteenHexDigitsOfSha256() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertThat(ModelArchive.fingerprint("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo("ba7816bf8f01cfea");
    }
}

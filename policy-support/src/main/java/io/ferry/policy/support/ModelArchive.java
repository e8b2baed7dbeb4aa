package io.ferry.policy.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A model file as the learned plugins keep it: one zip of named entries (weights, provenance, a library's own form
 * of the network). It decides what every such file shares: entries are written in the order given with a zero
 * time, so that the same model gives the same bytes; reading caps each entry at a size and insists on the entries
 * named; a missing file and a corrupt one are told apart ({@link ModelArchiveException#missing()}), and each plugin
 * words them in its own exception. What the entries hold is the plugin's business. Cost: the entries are read
 * whole into memory, one pass over the bytes; no temporary files. Not for large data sets: the cap is per entry,
 * not streaming.
 */
public final class ModelArchive {

    /** The default cap on one entry: 64 MiB, far above a model of Ferry's (≈50 KB to a few MB). */
    public static final int MAX_ENTRY_BYTES = 64 << 20;

    private ModelArchive() {
    }

    /**
     * Reads a model file's bytes.
     *
     * @param <T>    what the file holds
     * @param file   the model file
     * @param reader turns the file's stream (read to the end, not closed) and its name into the model
     * @return what {@code reader} returned
     * @throws ModelArchiveException {@linkplain ModelArchiveException#missing() missing} when there is no such file,
     *                               otherwise corrupt when it cannot be read; what {@code reader} throws passes
     */
    public static <T> T load(Path file, Reader<T> reader) {
        try (InputStream in = Files.newInputStream(file)) {
            return reader.read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw ModelArchiveException.missing(file.toString());
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw ModelArchiveException.missing(file.toString());
            }
            throw ModelArchiveException.corrupt(file.toString(), e.getMessage(), e);
        }
    }

    /**
     * @param in           a zip's bytes (read to the end, not closed)
     * @param source       what to call it in errors
     * @param maxEntryBytes the most bytes one entry may hold
     * @param required     the entries that must be there
     * @return every entry's bytes by name
     * @throws ModelArchiveException corrupt, naming an entry larger than the cap, the first required entry that is
     *                               missing, or what the zip reader found wrong
     */
    public static Map<String, byte[]> entries(InputStream in, String source, int maxEntryBytes, String... required) {
        Map<String, byte[]> entries = new HashMap<>();
        try {
            ZipInputStream zip = new ZipInputStream(in);
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                byte[] bytes = zip.readNBytes(maxEntryBytes + 1);
                if (bytes.length > maxEntryBytes) {
                    throw ModelArchiveException.corrupt(source, e.getName() + " is larger than "
                            + size(maxEntryBytes), null);
                }
                entries.put(e.getName(), bytes);
            }
        } catch (IOException e) {
            throw ModelArchiveException.corrupt(source, e.getMessage(), e);
        }
        for (String name : required) {
            if (!entries.containsKey(name)) {
                throw ModelArchiveException.corrupt(source, "no " + name + " entry", null);
            }
        }
        return entries;
    }

    /**
     * Writes a model file (and the directories above it).
     *
     * @param file   where
     * @param writer writes the file's bytes (the stream is closed after it)
     * @throws UncheckedIOException "model file FILE: cannot be written (WHY)" when it cannot be written
     */
    public static void save(Path file, Writer writer) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                writer.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("model file " + file + ": cannot be written (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param out where the zip goes; it is finished and flushed, not closed
     * @return a writer of entries in the order they are added, each with time 0 (reproducible bytes)
     */
    public static Entries writer(OutputStream out) {
        return new Entries(out);
    }

    /** @return 16 hex digits of SHA-256 over {@code bytes}: a model's fingerprint, taken over its weights entry */
    public static String fingerprint(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static String size(int bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /** Entries of one zip, written in the order they are added. Not thread-safe: one writer, one file. */
    public static final class Entries {

        private final ZipOutputStream zip;

        private Entries(OutputStream out) {
            this.zip = new ZipOutputStream(out);
        }

        /** @return this, after writing entry {@code name} with {@code bytes} */
        public Entries entry(String name, byte[] bytes) throws IOException {
            ZipEntry e = new ZipEntry(name);
            e.setTime(0); // reproducible files: the same model gives the same bytes
            zip.putNextEntry(e);
            zip.write(bytes);
            zip.closeEntry();
            return this;
        }

        /** Writes the zip's central directory and flushes; the stream stays open. */
        public void finish() throws IOException {
            zip.finish();
            zip.flush();
        }
    }

    /** Turns a model file's stream into the model. @param <T> the model */
    @ConsumerType
    @FunctionalInterface
    public interface Reader<T> {
        /** @return the model in {@code in}, called {@code source} in errors */
        T read(InputStream in, String source) throws IOException;
    }

    /** Writes a model file's bytes. */
    @ConsumerType
    @FunctionalInterface
    public interface Writer {
        /** writes the bytes to {@code out} */
        void write(OutputStream out) throws IOException;
    }
}

package io.ferry.agent.dqn.training;

import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.DatacenterWorkloads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One PlanetLab day as training reads it: its name (the directory's, e.g. {@code 20110303}), the workload and a
 * fingerprint of its files for the model's provenance.
 *
 * @param name        the directory's name
 * @param workload    the day's load
 * @param fingerprint 16 hex digits of SHA-256 over the files' names and bytes, in name order
 */
public record TrainingDay(String name, DatacenterWorkload workload, String fingerprint) {

    public TrainingDay {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /**
     * @param dir a PlanetLab day directory (one trace file per VM)
     * @return the day
     * @throws IllegalArgumentException one line when the directory is missing, empty or a file is not a trace
     * @throws UncheckedIOException     when a file cannot be read for the fingerprint
     */
    public static TrainingDay load(Path dir) {
        DatacenterWorkload workload = DatacenterWorkloads.planetLab(dir);
        return new TrainingDay(dir.getFileName().toString(), workload, fingerprint(dir));
    }

    static String fingerprint(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> files = list.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                sha.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

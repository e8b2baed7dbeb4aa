package io.ferry.predictor.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.model.Metric;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LstmModelFileTest {

    private static LstmModel model;

    @BeforeAll
    static void train() {
        model = TinyModels.trainTiny(3);
    }

    private static double[] window() {
        return Arrays.copyOfRange(TinyModels.sines(1, 40, Metric.CPU_UTILISATION).get(0).values(), 10, 18);
    }

    @Test
    void aWrittenModelReadsBackWithTheSameFingerprintProvenanceAndForecasts(@TempDir Path dir) {
        Path file = dir.resolve("m/lstm-cpu.zip");
        model.write(file);
        LstmModel read = LstmModel.read(file);
        assertThat(read.info()).isEqualTo(model.info());
        assertThat(read.provenance()).isEqualTo(model.provenance());
        assertThat(read.forecast(window(), 3)).isEqualTo(model.forecast(window(), 3));
        assertThat(read.toDl4j().numParams()).isEqualTo(model.toDl4j().numParams());
    }

    @Test
    void writingTheSameModelTwiceGivesTheSameBytes() {
        assertThat(model.bytes()).isEqualTo(model.bytes());
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("nothing.zip");
        assertThatThrownBy(() -> LstmModel.read(file)).isInstanceOf(ModelFileException.class)
                .hasMessage("model file " + file + ": no such file");
    }

    @Test
    void aTruncatedFileIsCorruptAndNamed(@TempDir Path dir) throws Exception {
        byte[] bytes = model.bytes();
        Path file = dir.resolve("cut.zip");
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> LstmModel.read(file)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("model file " + file + ": truncated or corrupt")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aFileThatIsNotAModelIsCorrupt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("text.zip");
        Files.writeString(file, "hello");
        assertThatThrownBy(() -> LstmModel.read(file)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void flippedWeightBytesAreCaughtNotForecastWith() throws Exception {
        byte[] weights = model.bytes();
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipInputStream(new ByteArrayInputStream(weights));
                ZipOutputStream out = new ZipOutputStream(rebuilt)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                byte[] b = zip.readAllBytes();
                if (e.getName().equals(LstmModel.WEIGHTS_ENTRY)) {
                    b = Arrays.copyOf(b, b.length - 3);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(b);
                out.closeEntry();
            }
        }
        assertThatThrownBy(() -> LstmModel.read(new ByteArrayInputStream(rebuilt.toByteArray()), "bent.zip"))
                .isInstanceOf(ModelFileException.class).hasMessageStartingWith("model file bent.zip: truncated")
                .hasMessageContaining("weights.bin");
    }

    @Test
    void aModelForAnotherMetricIsRefusedNamingBoth() {
        assertThatThrownBy(() -> model.requireMetric(Metric.DIRTY_PAGES_PER_SECOND))
                .isInstanceOf(ModelFileException.class)
                .hasMessage("model lstm-cpu forecasts CPU_UTILISATION, not DIRTY_PAGES_PER_SECOND");
    }

    @Test
    void theFastPathAgreesWithTheRestoredDl4jNetwork() {
        var net = model.toDl4j();
        double[] w = window();
        double dl4j = Dl4jNetworks.output(net, model.networkInput(w));
        assertThat(Math.abs(model.networkOutput(w) - dl4j)).isLessThan(1e-5);
    }

    @Test
    void aWindowShorterThanTheModelsIsRefusedNamingBoth() {
        assertThatThrownBy(() -> model.forecast(new double[5], 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a window of 5 samples is shorter than model lstm-cpu's window of 8");
    }

    @Test
    void aNaNInTheWindowIsRefusedNotForecast() {
        double[] w = window();
        w[7] = Double.NaN;
        assertThatThrownBy(() -> model.forecast(w, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample 7 of the window is NaN");
    }

    @Test
    void longerHorizonsFeedEachForecastBack() {
        double[] w = window();
        double[] path = model.forecastPath(w, 2);
        double[] shifted = Arrays.copyOf(Arrays.copyOfRange(w, 1, w.length), w.length);
        shifted[w.length - 1] = path[0];
        assertThat(path[1]).isEqualTo(model.forecast(shifted, 1));
        assertThat(model.forecast(w, 2)).isEqualTo(path[1]);
    }
}

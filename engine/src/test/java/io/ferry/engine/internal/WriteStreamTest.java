package io.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.engine.DirtyingModel;
import java.util.List;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class WriteStreamTest {

    private static WriteStream stream(DirtyingModel model, int pages) {
        return new WriteStream(model, pages, RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
    }

    /** Counts writes before {@code t} one by one, recording the pages. */
    private static int countOneByOne(WriteStream w, double t, int[] hits) {
        int n = 0;
        while (w.nextTime() < t) {
            int p = w.page();
            if (hits != null) {
                hits[p]++;
            }
            n++;
            w.advance();
        }
        return n;
    }

    @Test
    void uniformWhenRateGivenThenWritesArriveEvenlyAtThatRate() {
        WriteStream w = stream(new DirtyingModel.Uniform(1000), 100);
        assertThat(w.nextTime()).isEqualTo(0.0005);
        assertThat(countOneByOne(w, 2.0, null)).isEqualTo(2000);
    }

    @Test
    void idleWhenAskedThenNeverWrites() {
        WriteStream w = stream(new DirtyingModel.Idle(), 100);
        assertThat(w.nextTime()).isInfinite();
        assertThat(w.writesBefore(1e9)).isZero();
    }

    @Test
    void hotSetWhenSkewedThenHitsOnlyItsPagesAndTheFirstMost() {
        int[] hits = new int[10_000];
        WriteStream w = stream(new DirtyingModel.HotSet(100_000, 512, 1.0, 2_000), hits.length);
        countOneByOne(w, 1.0, hits);
        for (int p = 0; p < hits.length; p++) {
            if (p < 2_000 || p >= 2_512) {
                assertThat(hits[p]).as("page %d outside the hot set", p).isZero();
            }
        }
        assertThat(hits[2_000]).isGreaterThan(hits[2_001]).isGreaterThan(hits[2_100] * 10);
    }

    @Test
    void hotSetWhenItExceedsMemoryThenSaysSo() {
        assertThatThrownBy(() -> stream(new DirtyingModel.HotSet(1, 100, 0, 50), 120))
                .hasMessage("hot set [50, 150) exceeds the VM's 120 pages");
    }

    @Test
    void phasedWhenCycleEndsThenRepeats() {
        WriteStream w = stream(new DirtyingModel.Phased(List.of(
                new DirtyingModel.Phase(1, new DirtyingModel.Idle()),
                new DirtyingModel.Phase(1, new DirtyingModel.Uniform(100)))), 1000);
        assertThat(w.nextTime()).isEqualTo(1.005);
        assertThat(countOneByOne(w, 2.0, null)).isEqualTo(100);
        assertThat(w.nextTime()).isEqualTo(3.005);
        assertThat(countOneByOne(w, 4.0, null)).isEqualTo(100);
    }

    @Test
    void replayWhenSeriesGivenThenFollowsEachStepAndLoops() {
        WriteStream w = stream(new DirtyingModel.Replay(0.5, new double[] {0, 200, 40}, 0), 1000);
        assertThat(countOneByOne(w, 0.5, null)).isZero();
        assertThat(countOneByOne(w, 1.0, null)).isEqualTo(100);
        assertThat(countOneByOne(w, 1.5, null)).isEqualTo(20);
        assertThat(countOneByOne(w, 2.0, null)).isZero();
        assertThat(countOneByOne(w, 2.5, null)).isEqualTo(100);
    }

    @Test
    void batchedDrawsMatchOneByOneDraws() {
        DirtyingModel model = new DirtyingModel.Phased(List.of(
                new DirtyingModel.Phase(0.3, new DirtyingModel.Uniform(7_000)),
                new DirtyingModel.Phase(0.2, new DirtyingModel.HotSet(20_000, 64, 0.8, 10))));
        WriteStream single = stream(model, 5_000);
        WriteStream batched = stream(model, 5_000);
        int[] a = new int[5_000];
        int[] b = new int[5_000];
        countOneByOne(single, 3.3, a);
        int[] buffer = new int[97];
        for (int k = batched.writesBefore(3.3); k > 0; k = batched.writesBefore(3.3)) {
            while (k > 0) {
                int n = Math.min(k, buffer.length);
                batched.samplePages(buffer, n);
                for (int i = 0; i < n; i++) {
                    b[buffer[i]]++;
                }
                batched.skipWrites(n);
                k -= n;
            }
        }
        assertThat(b).isEqualTo(a);
        assertThat(batched.nextTime()).isEqualTo(single.nextTime());
    }

    @Test
    void skipToPassesWritesWithoutDrawing() {
        WriteStream w = stream(new DirtyingModel.Uniform(10), 10);
        w.skipTo(1.0);
        assertThat(w.nextTime()).isEqualTo(1.05);
        w.skipTo(0.5);
        assertThat(w.nextTime()).isEqualTo(1.05);
    }
}

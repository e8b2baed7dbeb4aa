package io.ferry.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.datacenter.Candidate;
import io.ferry.datacenter.DatacenterResult;
import io.ferry.datacenter.DatacenterSetup;
import io.ferry.datacenter.DatacenterWorkload;
import io.ferry.datacenter.DayMetrics;
import io.ferry.datacenter.MigrationEstimate;
import io.ferry.datacenter.MigrationJob;
import io.ferry.datacenter.MigrationModel;
import io.ferry.datacenter.Placement;
import io.ferry.datacenter.PowerAccounting;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DatacenterRunnerTest {

    private static final MigrationModel MODEL = new MigrationModel() {
        @Override
        public String name() {
            return "cloudsim";
        }

        @Override
        public MigrationEstimate estimate(MigrationJob job) {
            throw new UnsupportedOperationException();
        }
    };

    private static final DatacenterWorkload WORKLOAD = new DatacenterWorkload() {
        @Override
        public String label() {
            return "w";
        }

        @Override
        public int vms() {
            return 1;
        }

        @Override
        public String vmName(int vm) {
            return "vm";
        }

        @Override
        public int samples() {
            return 4;
        }

        @Override
        public double utilisation(int vm, int sample) {
            return 0;
        }
    };

    private static Candidate candidate(String label) {
        return new Candidate(label, Optional.empty(), PowerAccounting.BY_UTILISATION, Placement.FIRST_FIT);
    }

    private static DatacenterSetup setup() {
        // 4 intervals of 300 s
        return new DatacenterSetup(2, List.of(io.ferry.datacenter.HostType.ML110_G4),
                io.ferry.datacenter.VmType.CLOUDSIM, 300, 1200, MODEL, 1);
    }

    private static DatacenterResult result(String label) {
        return new DatacenterResult(label, "cloudsim", new DayMetrics(label.length(), 0, 0, 0, 0, 0, 0, 0, 0, 0,
                OptionalDouble.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty()),
                List.of(), 0);
    }

    @Test
    void runWhenTheFirstFinishesLastThenResultsStillInCandidateOrder() throws InterruptedException {
        CountDownLatch secondDone = new CountDownLatch(1);
        List<String> finished = Collections.synchronizedList(new ArrayList<>());
        List<Long> intervals = Collections.synchronizedList(new ArrayList<>());
        DatacenterRunner runner = new DatacenterRunner(2, (setup, workload, candidate, progress) -> {
            if (candidate.label().equals("first")) {
                try {
                    assertThat(secondDone.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            for (int k = 1; k <= 4; k++) {
                progress.accept(k);
            }
            return result(candidate.label());
        });

        List<DatacenterResult> results = runner.run(List.of(candidate("first"), candidate("second")),
                List.of(setup(), setup()), WORKLOAD, new DatacenterRunner.Listener() {
                    @Override
                    public void onIntervals(long done, long expected) {
                        assertThat(expected).isEqualTo(8);
                        intervals.add(done);
                    }

                    @Override
                    public void onFinished(int count, int total, DatacenterResult r) {
                        finished.add(count + "/" + total + " " + r.candidate());
                        if (r.candidate().equals("second")) {
                            // only once the runner has reported it may the first one finish
                            secondDone.countDown();
                        }
                    }
                });

        assertThat(results).extracting(DatacenterResult::candidate).containsExactly("first", "second");
        assertThat(finished).containsExactly("1/2 second", "2/2 first");
        assertThat(intervals).hasSize(8).endsWith(8L).isSorted();
    }

    @Test
    void runWhenARunThrowsThenTheCallerGetsItsException() {
        DatacenterRunner runner = new DatacenterRunner(1, (setup, workload, candidate, progress) -> {
            throw new IllegalArgumentException("trace x line 3: bad");
        });

        assertThatThrownBy(() -> runner.run(List.of(candidate("a")), List.of(setup()), WORKLOAD,
                new DatacenterRunner.Listener() {
                })).isInstanceOf(IllegalArgumentException.class).hasMessage("trace x line 3: bad");
    }

    @Test
    void runWhenSetupsAndCandidatesDifferInNumberThenRefused() {
        assertThatThrownBy(() -> new DatacenterRunner(1).run(List.of(candidate("a")), List.of(), WORKLOAD,
                new DatacenterRunner.Listener() {
                })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DatacenterRunner(0)).hasMessage("threads = 0: must be > 0");
    }
}

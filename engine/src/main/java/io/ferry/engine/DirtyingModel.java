package io.ferry.engine;

import java.util.List;

/**
 * How a guest writes its memory while it runs: the rate of page writes over time and which pages they hit.
 * Writes arrive evenly spaced at the current rate (the rate is what varies, not the spacing); which page each
 * write hits is drawn from the model's distribution with the simulation's seeded generator.
 *
 * <p>The same model drives post-copy: on the target, a write to a page that has not arrived yet is a fault.
 *
 * <p>Models that are not {@link Mixed} are one stream of writes; a {@link Mixed} model superposes several
 * independent streams (a workload's hot and cold writes, or the guest kernel's own writes beside the workload).
 */
public sealed interface DirtyingModel permits DirtyingModel.Idle, DirtyingModel.Uniform, DirtyingModel.HotSet,
        DirtyingModel.Phased, DirtyingModel.Replay, DirtyingModel.Mixed {

    /** @return the long-run average of page writes per second */
    double meanPagesPerSecond();

    /** @return the number of distinct pages the model writes, 0 meaning all of memory */
    long hotPages();

    /** A guest that writes nothing: pre-copy converges after one round. */
    record Idle() implements DirtyingModel {
        @Override
        public double meanPagesPerSecond() {
            return 0;
        }

        @Override
        public long hotPages() {
            return 0;
        }
    }

    /**
     * Writes spread uniformly over all of memory.
     *
     * @param pagesPerSecond page writes per second, &gt;= 0
     */
    record Uniform(double pagesPerSecond) implements DirtyingModel {
        public Uniform {
            Checks.rate(pagesPerSecond, "pagesPerSecond");
        }

        @Override
        public double meanPagesPerSecond() {
            return pagesPerSecond;
        }

        @Override
        public long hotPages() {
            return 0;
        }
    }

    /**
     * A hot set: {@code pages} contiguous pages starting at {@code firstPage}, rewritten with a Zipf skew (rank r
     * is written with weight 1/r^skew; the hottest page is {@code firstPage}).
     *
     * @param pagesPerSecond page writes per second, &gt;= 0
     * @param pages          the size of the hot set, &gt;= 1
     * @param skew           the Zipf exponent, in [0, 5]; 0 is uniform over the hot set
     * @param firstPage      where the hot set starts, &gt;= 0
     */
    record HotSet(double pagesPerSecond, int pages, double skew, int firstPage) implements DirtyingModel {
        public HotSet {
            Checks.rate(pagesPerSecond, "pagesPerSecond");
            if (pages < 1) {
                throw new IllegalArgumentException("hotPages = " + pages + ": must be >= 1");
            }
            if (!(skew >= 0 && skew <= 5)) {
                throw new IllegalArgumentException("skew = " + skew + ": must be in [0, 5]");
            }
            if (firstPage < 0) {
                throw new IllegalArgumentException("firstPage = " + firstPage + ": must be >= 0");
            }
        }

        @Override
        public double meanPagesPerSecond() {
            return pagesPerSecond;
        }

        @Override
        public long hotPages() {
            return pages;
        }
    }

    /**
     * A schedule of phases, each its own (non-phased) model for a given time, repeated from the start when it
     * ends.
     *
     * @param phases at least one phase
     */
    record Phased(List<Phase> phases) implements DirtyingModel {
        public Phased {
            phases = List.copyOf(phases);
            if (phases.isEmpty()) {
                throw new IllegalArgumentException("phases: a phased model needs at least one phase");
            }
        }

        /** @return the length of one cycle in seconds */
        public double cycleSeconds() {
            return phases.stream().mapToDouble(Phase::seconds).sum();
        }

        @Override
        public double meanPagesPerSecond() {
            return phases.stream().mapToDouble(p -> p.seconds() * p.model().meanPagesPerSecond()).sum()
                    / cycleSeconds();
        }

        @Override
        public long hotPages() {
            return phases.stream().anyMatch(p -> p.model().hotPages() == 0) ? 0
                    : phases.stream().mapToLong(p -> p.model().hotPages()).max().orElse(0);
        }
    }

    /**
     * One phase of a {@link Phased} model.
     *
     * @param seconds how long it lasts, &gt; 0
     * @param model   what the guest does meanwhile; not itself phased or replayed
     */
    record Phase(double seconds, DirtyingModel model) {
        public Phase {
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("phase seconds = " + seconds + ": must be a finite number > 0");
            }
            if (model instanceof Phased || model instanceof Replay || model instanceof Mixed) {
                throw new IllegalArgumentException("phase model: a phase must be idle, uniform or a hot set");
            }
        }
    }

    /**
     * A measured dirty-rate series replayed step by step (and repeated): writes at each step's rate, spread
     * uniformly over memory, or over the first {@code hotPages} pages when that is &gt; 0.
     *
     * @param stepSeconds    the time between samples, &gt; 0
     * @param pagesPerSecond the samples, at least one, each &gt;= 0
     * @param hotPagesLimit  0 for all of memory, else the number of pages written
     */
    record Replay(double stepSeconds, double[] pagesPerSecond, int hotPagesLimit) implements DirtyingModel {
        public Replay {
            if (!(stepSeconds > 0) || Double.isInfinite(stepSeconds)) {
                throw new IllegalArgumentException("stepSeconds = " + stepSeconds + ": must be a finite number > 0");
            }
            if (pagesPerSecond.length == 0) {
                throw new IllegalArgumentException("pagesPerSecond: a replayed series needs at least one sample");
            }
            pagesPerSecond = pagesPerSecond.clone();
            for (double r : pagesPerSecond) {
                Checks.rate(r, "pagesPerSecond sample");
            }
            if (hotPagesLimit < 0) {
                throw new IllegalArgumentException("hotPages = " + hotPagesLimit + ": must be >= 0");
            }
        }

        @Override
        public double[] pagesPerSecond() {
            return pagesPerSecond.clone();
        }

        @Override
        public double meanPagesPerSecond() {
            double sum = 0;
            for (double r : pagesPerSecond) {
                sum += r;
            }
            return sum / pagesPerSecond.length;
        }

        @Override
        public long hotPages() {
            return hotPagesLimit;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Replay that && stepSeconds == that.stepSeconds
                    && hotPagesLimit == that.hotPagesLimit
                    && java.util.Arrays.equals(pagesPerSecond, that.pagesPerSecond);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(stepSeconds, hotPagesLimit, java.util.Arrays.hashCode(pagesPerSecond));
        }

        @Override
        public String toString() {
            return "Replay[" + pagesPerSecond.length + " samples x " + stepSeconds + " s]";
        }
    }

    /**
     * Several independent writers at once, each with its own model: the guest's writes are the union of their
     * streams (for example 90 % of a workload's writes to a hot set and 10 % to all its memory, or the guest
     * kernel's own writes to its data beside a workload). Costs one stream per part in the engine.
     *
     * @param parts at least one, none of them itself mixed
     */
    record Mixed(List<DirtyingModel> parts) implements DirtyingModel {
        public Mixed {
            parts = List.copyOf(parts);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("parts: a mixed model needs at least one part");
            }
            if (parts.size() > 16) {
                throw new IllegalArgumentException("parts: " + parts.size() + " parts, at most 16");
            }
            for (DirtyingModel part : parts) {
                if (part instanceof Mixed) {
                    throw new IllegalArgumentException("mixed part: a part must not itself be mixed");
                }
            }
        }

        /** @return the sum of the parts' rates */
        @Override
        public double meanPagesPerSecond() {
            return parts.stream().mapToDouble(DirtyingModel::meanPagesPerSecond).sum();
        }

        /**
         * @return 0 (all of memory) when a writing part writes all of memory, else the sum of the writing parts'
         *         hot sets: an upper bound of the distinct pages written, exact when the parts do not overlap
         */
        @Override
        public long hotPages() {
            List<DirtyingModel> writing = parts.stream().filter(p -> p.meanPagesPerSecond() > 0).toList();
            return writing.isEmpty() || writing.stream().anyMatch(p -> p.hotPages() == 0) ? 0
                    : writing.stream().mapToLong(DirtyingModel::hotPages).sum();
        }
    }
}

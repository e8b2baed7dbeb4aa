package io.ferry.engine.internal;

import io.ferry.engine.DirtyingModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;

/**
 * Turns a {@link DirtyingModel} into a sequence of timed page writes in <em>guest</em> time (time the guest
 * actually runs; pauses and fault stalls do not advance it). The rate is piecewise constant; within a stretch
 * of rate r, writes fall at s + (k + ½)/r. Pages are drawn with the simulation's seeded generator.
 *
 * <p>Cost: O(1) per write, O(1) per rate change. Skewed hot sets of up to 2^20 pages draw from an alias
 * table (Vose's method: 12 bytes per page, built once) and larger ones by rejection-inversion.
 */
final class WriteStream {

    /** One stretch of constant behaviour inside a cycle. */
    private record Segment(double start, double end, double rate, int lo, int hi, double skew) {
    }

    private final Segment[] segments;
    private final double cycle;
    private final UniformRandomProvider rng;
    /** Largest hot set that gets an alias table. */
    private static final int ALIAS_LIMIT = 1 << 20;

    private final DiscreteSampler[] skewed;
    /** What to add to a skewed sample to get a page: lo for the alias table (0-based), lo - 1 for Zipf. */
    private final int[] skewOffset;

    private int index;
    private double cycleStart;
    private double interval;
    private double nextTime;

    /**
     * @return one stream per independent writer of {@code model}: the parts of a {@link DirtyingModel.Mixed}, else
     *         the model itself; all draw from {@code rng}
     */
    static WriteStream[] of(DirtyingModel model, int pageCount, UniformRandomProvider rng) {
        if (model instanceof DirtyingModel.Mixed m) {
            WriteStream[] out = new WriteStream[m.parts().size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = new WriteStream(m.parts().get(i), pageCount, rng);
            }
            return out;
        }
        return new WriteStream[] {new WriteStream(model, pageCount, rng)};
    }

    /** Heap of one {@link Segment} and its array slot, bytes (a record of three doubles, three ints: 56 + 8). */
    private static final long SEGMENT_BYTES = 64;
    /** Heap of an alias table per page of a skewed hot set: a long probability and an int alias. */
    private static final long ALIAS_BYTES_PER_PAGE = 12;

    /**
     * @return the heap the streams of {@code model} hold for a guest of {@code pageCount} pages, bytes: their
     *         segments (one per phase or replayed sample) and the alias tables of skewed hot sets; what
     *         {@link #of} allocates, without allocating it
     */
    static long heapBytes(DirtyingModel model, int pageCount) {
        if (model instanceof DirtyingModel.Mixed m) {
            long sum = 0;
            for (DirtyingModel part : m.parts()) {
                sum += heapBytes(part, pageCount);
            }
            return sum;
        }
        List<Segment> list = new ArrayList<>();
        flatten(model, pageCount, 0, list);
        long bytes = list.size() * SEGMENT_BYTES;
        for (Segment s : list) {
            int width = s.hi - s.lo;
            if (s.skew > 0 && width > 1 && width <= ALIAS_LIMIT) {
                bytes += width * ALIAS_BYTES_PER_PAGE;
            }
        }
        return bytes;
    }

    WriteStream(DirtyingModel model, int pageCount, UniformRandomProvider rng) {
        this.rng = rng;
        List<Segment> list = new ArrayList<>();
        double length = flatten(model, pageCount, 0, list);
        this.segments = list.toArray(new Segment[0]);
        this.cycle = length;
        this.skewed = new DiscreteSampler[segments.length];
        this.skewOffset = new int[segments.length];
        for (int i = 0; i < segments.length; i++) {
            Segment s = segments[i];
            int width = s.hi - s.lo;
            if (s.skew > 0 && width > 1) {
                if (width <= ALIAS_LIMIT) {
                    double[] weights = new double[width];
                    for (int r = 0; r < width; r++) {
                        weights[r] = Math.pow(r + 1, -s.skew);
                    }
                    skewed[i] = AliasMethodDiscreteSampler.of(rng, weights);
                    skewOffset[i] = s.lo;
                } else {
                    skewed[i] = new RejectionInversionZipfSampler(rng, width, s.skew);
                    skewOffset[i] = s.lo - 1;
                }
            }
        }
        enter(0, 0);
    }

    private static double flatten(DirtyingModel model, int pageCount, double start, List<Segment> out) {
        if (model instanceof DirtyingModel.Idle) {
            out.add(new Segment(start, Double.POSITIVE_INFINITY, 0, 0, pageCount, 0));
            return Double.POSITIVE_INFINITY;
        } else if (model instanceof DirtyingModel.Uniform u) {
            out.add(new Segment(start, Double.POSITIVE_INFINITY, u.pagesPerSecond(), 0, pageCount, 0));
            return Double.POSITIVE_INFINITY;
        } else if (model instanceof DirtyingModel.HotSet h) {
            long end = (long) h.firstPage() + h.pages();
            if (end > pageCount) {
                throw new IllegalArgumentException("hot set [" + h.firstPage() + ", " + end + ") exceeds the VM's "
                        + pageCount + " pages");
            }
            out.add(new Segment(start, Double.POSITIVE_INFINITY, h.pagesPerSecond(), h.firstPage(), (int) end,
                    h.skew()));
            return Double.POSITIVE_INFINITY;
        } else if (model instanceof DirtyingModel.Phased p) {
            double t = start;
            for (DirtyingModel.Phase phase : p.phases()) {
                List<Segment> one = new ArrayList<>();
                flatten(phase.model(), pageCount, t, one);
                Segment s = one.get(0);
                out.add(new Segment(t, t + phase.seconds(), s.rate, s.lo, s.hi, s.skew));
                t += phase.seconds();
            }
            return t - start;
        } else if (model instanceof DirtyingModel.Replay r) {
            int hi = r.hotPagesLimit() == 0 ? pageCount : Math.min(pageCount, r.hotPagesLimit());
            double t = start;
            for (double rate : r.pagesPerSecond()) {
                out.add(new Segment(t, t + r.stepSeconds(), rate, 0, hi, 0));
                t += r.stepSeconds();
            }
            return t - start;
        }
        throw new IllegalArgumentException("unknown dirtying model " + model);
    }

    /** Positions the stream at the first write at or after guest time {@code from} in segment {@code i}. */
    private void enter(int i, double from) {
        for (int guard = 0; guard <= segments.length; guard++) {
            Segment s = segments[i];
            double segStart = cycleStart + s.start;
            double segEnd = cycleStart + s.end;
            if (s.rate > 0) {
                interval = 1.0 / s.rate;
                double first = segStart + 0.5 * interval;
                if (from > first) {
                    first += Math.ceil((from - first) / interval) * interval;
                }
                if (first < segEnd) {
                    index = i;
                    nextTime = first;
                    return;
                }
            }
            if (Double.isInfinite(segEnd)) {
                index = i;
                nextTime = Double.POSITIVE_INFINITY;
                return;
            }
            i++;
            if (i == segments.length) {
                i = 0;
                cycleStart += cycle;
            }
            from = Math.max(from, cycleStart + segments[i].start);
        }
        nextTime = Double.POSITIVE_INFINITY;
    }

    /** @return the guest time of the next write, or +∞ when the guest never writes again */
    double nextTime() {
        return nextTime;
    }

    /** @return the page the next write hits (draws from the generator) */
    int page() {
        DiscreteSampler z = skewed[index];
        if (z != null) {
            return skewOffset[index] + z.sample();
        }
        Segment s = segments[index];
        int width = s.hi - s.lo;
        return width == 1 ? s.lo : s.lo + rng.nextInt(width);
    }

    /**
     * @param limit a guest time
     * @return how many writes of the current stretch fall strictly before {@code limit}: they can be drawn
     *         with {@link #samplePages} and passed with {@link #skipWrites} without per-write checks
     */
    int writesBefore(double limit) {
        if (!(nextTime < limit)) {
            return 0;
        }
        double end = Math.min(limit, stretchEnd());
        long n = (long) Math.ceil((end - nextTime) / interval);
        // guard against rounding: the n-th write must still fall before the end
        while (n > 0 && nextTime + (n - 1) * interval >= end) {
            n--;
        }
        return (int) Math.min(n, Integer.MAX_VALUE - 1);
    }

    /** Passes {@code k} writes of the current stretch (as counted by {@link #writesBefore}). */
    void skipWrites(int k) {
        if (k <= 0) {
            return;
        }
        double next = nextTime + k * interval;
        if (next < stretchEnd()) {
            nextTime = next;
        } else {
            nextTime += (k - 1) * interval;
            advance();
        }
    }

    /** Draws the pages of the next {@code count} writes of the current stretch into {@code out}. */
    void samplePages(int[] out, int count) {
        DiscreteSampler z = skewed[index];
        if (z != null) {
            int offset = skewOffset[index];
            for (int i = 0; i < count; i++) {
                out[i] = offset + z.sample();
            }
            return;
        }
        Segment s = segments[index];
        int lo = s.lo;
        int width = s.hi - s.lo;
        if (width == 1) {
            java.util.Arrays.fill(out, 0, count, lo);
            return;
        }
        UniformRandomProvider r = rng;
        for (int i = 0; i < count; i++) {
            out[i] = lo + r.nextInt(width);
        }
    }

    /** @return the time between writes in the current stretch */
    double interval() {
        return interval;
    }

    /** Moves to the write after the current one. */
    void advance() {
        double next = nextTime + interval;
        Segment s = segments[index];
        if (next < cycleStart + s.end) {
            nextTime = next;
        } else {
            int i = index + 1;
            double from = cycleStart + s.end;
            if (i == segments.length) {
                i = 0;
                cycleStart += cycle;
            }
            enter(i, from);
        }
    }

    /** Skips every write before guest time {@code t} without drawing pages. */
    void skipTo(double t) {
        while (nextTime < t) {
            Segment s = segments[index];
            double segEnd = cycleStart + s.end;
            if (t < segEnd) {
                nextTime += Math.ceil((t - nextTime) / interval) * interval;
                if (nextTime >= segEnd) {
                    advanceSegment();
                }
                return;
            }
            advanceSegment();
        }
    }

    private void advanceSegment() {
        Segment s = segments[index];
        int i = index + 1;
        double from = cycleStart + s.end;
        if (i == segments.length) {
            i = 0;
            cycleStart += cycle;
        }
        enter(i, from);
    }

    /** @return the guest time at which the current stretch of constant behaviour ends (may be +∞) */
    double stretchEnd() {
        return cycleStart + segments[index].end;
    }

    /** @return the first page the current stretch can write */
    int supportLow() {
        return segments[index].lo;
    }

    /** @return one past the last page the current stretch can write */
    int supportHigh() {
        return segments[index].hi;
    }
}

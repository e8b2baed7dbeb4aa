package io.ferry.engine.internal;

import io.ferry.api.MigrationSteering;
import io.ferry.api.PageView;
import io.ferry.api.model.Capability;
import io.ferry.api.model.MigrationMetrics;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.PageOrder;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.Technique;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineSettings;
import io.ferry.engine.HypervisorModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * One live migration, simulated page by page: the state machine behind every engine run.
 *
 * <p>Model (DESIGN.md §4.1). Memory is {@code N} pages; the guest writes pages as its {@link WriteStream}
 * says. The link delivers {@code pageSize × compressionRatio} bytes per page at the share of bandwidth the
 * {@link Simulation} grants. Phases:
 * <ul>
 * <li><b>pre-copy round</b>: the dirty log is synchronised (optional fixed cost), then the round's pages are
 * sent while the guest runs; every page written during the round is pending again afterwards, whether it was
 * written before or after it was sent (the log-dirty semantics of Xen's and QEMU's migration streams);</li>
 * <li><b>stop-and-copy</b>: the guest is paused; every pending page and the execution state are sent, then one
 * RTT for the hand-over; downtime is that whole pause;</li>
 * <li><b>post-copy switch</b>: the guest is paused while the execution state and the dirty bitmap (N/8 bytes)
 * are sent, plus one RTT; then it resumes on the target;</li>
 * <li><b>post-copy</b>: pending pages are pushed in the policy's order; a guest write to a missing page is a
 * fault that blocks the guest for one RTT plus the page's transfer, jumps the page to the head of the queue
 * and queues the missing pages of the pre-paging window after it. The phase ends when no page is missing.</li>
 * </ul>
 * Guest time (which drives writes) stops while the guest is paused or blocked on a fault.
 *
 * <p>The {@link HypervisorModel} of the settings departs from that ideal where a real hypervisor does: pages that
 * are still zero cost a header, each page carries a header, the link achieves a calibrated share of its bandwidth
 * (live and in post-copy), a round ends (and the hypervisor may stop and copy by itself) once its rest fits the
 * budget, a pause runs unthrottled with a fixed overhead, a post-copy fault waits a calibrated latency, and the
 * guest waits for its resume set after the switch (that wait is part of the downtime it sees).
 *
 * <p>Under a model with a rate-limiter period ({@link HypervisorModel#windowed()}, QEMU's) a round is no pass:
 * the pending set is QEMU's migration bitmap, scanned upwards from where the last round stopped; each period the
 * thread sends its allowance in iterations of at most {@link HypervisorModel#earlySync()} at the burst speed,
 * then sleeps out the period; when a period starts or an iteration ends it compares the pages left, times the
 * page size, with the budget's bytes and, when they fit, synchronises the dirty log: the round ends there, and
 * what was written since the last sync joins the rest. A round thus lasts whole periods, and how far below the
 * threshold its rest lands decides whether the next sync fits: the convergence edge of a real QEMU.
 *
 * <p>Cost: O(1) per guest write and per page sent, O(N/64) per round for the bitsets; memory ≈ 4 bits per
 * page, plus 8 bytes per page when page-level statistics are tracked for a {@link PageView} ({@link #heapBytes}
 * computes it).
 */
public final class MigrationRun {

    /** The phase a run is in. */
    public enum Phase { PRE_COPY, STOP_AND_COPY, POSTCOPY_SWITCH, POSTCOPY, DONE }

    private static final double EPS = 1e-9;

    private final MigrationRequest request;
    /** The policy's decisions; dropped when the run ends so that a finished run pins no policy class loader. */
    private MigrationSteering steering;
    private final Set<Capability> capabilities;
    private final EngineSettings settings;
    private final HypervisorModel hv;
    /** One stream per independent writer of the dirtying model (one unless it is mixed). */
    private final WriteStream[] streams;
    private final int[] touchesSinceCheck;
    private final int pageCount;
    private final double pageWire;
    private final double zeroWire;
    private final double rtt;
    private final double start;
    /** Wall time of the engine's time limit ({@link EngineSettings#maxSimulatedTime()} after the start). */
    private final double limitAt;
    /** The bandwidth the request announces (this migration's nominal share), for thresholds and curves. */
    private final double nominal;
    /** QEMU's threshold: pending pages x page size at or below it fit the budget at the achieved bandwidth. */
    private final double threshold;
    /** QEMU's rate-limiter period, seconds; 0: a continuous link (a round sends all its pages at the link's rate). */
    private final double window;
    /** The longest iteration between two pending checks (QEMU's MAX_WAIT), seconds. */
    private final double iteration;

    private Bits pending;
    private Bits dirtyLog;
    private Bits everSent;
    /** Pages still holding only zeros (never written), when zero pages are detected and exist; else null. */
    private Bits zero;
    /** Pending pages that are still zero, maintained during post-copy. */
    private int pendingZero;
    /** Per page, interleaved for one cache line per write: [2p] write count, [2p+1] last write (float bits). */
    private int[] pageStats;

    private Phase phase;
    private double guestOffset;
    private final List<RoundReport> rounds = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** Why the engine took over from a failed steering (the first failure), or null while the policy steers. */
    private String fallback;
    private Technique technique = Technique.PRE_COPY;

    // current pre-copy round: the set of pages it sends (order within a round does not matter under log-dirty
    // semantics: every write during the round is logged, whether its page was sent before or after it)
    private Bits roundSet;
    private int roundCount;
    private double roundStart;
    private final int[] sampleBuffer = new int[4096];
    private double syncLeft;

    // windowed pre-copy (QEMU's rate limiter): what the migration thread does next, the current period, the scan
    private enum Step { SENDING, WAITING }
    private Step step = Step.SENDING;
    /** The share of the link at the last event (the request's own bandwidth before the first). */
    private double lastShare;
    private double windowStart;
    private double windowEnd;
    private double windowSent;
    /**
     * QEMU's threshold under its rate limiter: the downtime budget times the bandwidth measured over the last
     * completed period ({@code migration_update_counters}); 0 until the first period has ended.
     */
    private double measuredThreshold;
    private int cursor;
    private int[] chunk = new int[1024];
    private int chunkCount;
    private double roundBytes;
    /** Seconds the iteration in flight still takes (its bytes at the burst speed plus its zero pages' scan). */
    private double sendLeft;
    /** Seconds the iteration in flight takes in all. */
    private double sendTotal;

    // transfers in flight (pre-copy round, pause phases)
    private double bytesLeft;
    private double delayLeft;
    private double transferTotal;

    // post-copy
    private int[] pushOrder = new int[0];
    private int pushCursor;
    private final IntQueue urgent = new IntQueue();
    private int prepageWindow;
    private double credit;

    // results
    private double pauseStart = -1;
    private double pausedBytes;
    private double downtime;
    private double resumeAt = -1;
    private double end = -1;
    private boolean cancelled;
    private double bytesSent;
    private long pagesSent;
    private long pagesResent;
    private long faults;
    private double stall;

    /**
     * Starts a migration at wall time {@code start} and asks the steering for its first decision.
     *
     * @param pageLevel whether to track per-page write counts and times and offer the steering a
     *                  {@link PageView} (needs {@link Capability#PAGE_ORDER}; costs 8 bytes per page and a
     *                  random memory access per guest write)
     * @param zeroPages how many of the top pages of memory hold only zeros at the start (they cost
     *                  {@link HypervisorModel#zeroPageBytes()} each when the model detects zero pages)
     */
    public MigrationRun(MigrationRequest request, DirtyingModel dirtying, MigrationSteering steering,
            Set<Capability> capabilities, EngineSettings settings, UniformRandomProvider rng, double start,
            boolean pageLevel, int zeroPages) {
        this(request, dirtying, steering, capabilities, settings, rng, start, pageLevel, zeroPages, 0);
    }

    /**
     * Starts a migration as {@link #MigrationRun(MigrationRequest, DirtyingModel, MigrationSteering, Set,
     * EngineSettings, UniformRandomProvider, double, boolean, int)}, with the zero pages below the top
     * {@code nonZeroTopPages} pages of memory (a guest kernel that allocates its early memory top-down, as Linux
     * does, holds non-zero pages above its free memory; a pass scans them last).
     *
     * @param nonZeroTopPages non-zero pages at the very top of memory, above the zero pages, &gt;= 0
     */
    public MigrationRun(MigrationRequest request, DirtyingModel dirtying, MigrationSteering steering,
            Set<Capability> capabilities, EngineSettings settings, UniformRandomProvider rng, double start,
            boolean pageLevel, int zeroPages, int nonZeroTopPages) {
        this.request = request;
        this.steering = steering;
        this.capabilities = capabilities;
        this.settings = settings;
        this.hv = settings.hypervisor();
        this.pageCount = request.pageCount();
        this.streams = WriteStream.of(dirtying, pageCount, rng);
        this.touchesSinceCheck = new int[streams.length];
        this.pageWire = request.pageSizeBytes() * request.link().compressionRatio() + hv.pageHeaderBytes();
        this.zeroWire = hv.detectsZeroPages() ? hv.zeroPageBytes() : pageWire;
        this.rtt = request.link().rtt().toNanos() / 1e9;
        this.start = start;
        this.guestOffset = start;
        this.limitAt = start + seconds(settings.maxSimulatedTime());
        this.nominal = request.link().bandwidthBytesPerSec();
        this.threshold = request.downtimeBudget().toNanos() / 1e9 * hv.liveBandwidth(nominal);
        this.window = hv.windowed() ? seconds(hv.rateWindow()) : 0;
        this.iteration = hv.earlySync().isZero() ? this.window : Math.min(this.window, seconds(hv.earlySync()));
        this.lastShare = this.nominal;
        this.pending = new Bits(pageCount);
        this.pending.setAll();
        this.dirtyLog = new Bits(pageCount);
        this.everSent = new Bits(pageCount);
        this.roundSet = new Bits(pageCount);
        if (zeroPages < 0 || zeroPages > pageCount) {
            throw new IllegalArgumentException("zeroPages = " + zeroPages + ": must be in [0, " + pageCount + "]");
        }
        if (nonZeroTopPages < 0 || nonZeroTopPages > pageCount - zeroPages) {
            throw new IllegalArgumentException("nonZeroTopPages = " + nonZeroTopPages + ": must be in [0, "
                    + (pageCount - zeroPages) + "] (the pages that are not zero)");
        }
        if (zeroPages > 0 && hv.detectsZeroPages()) {
            this.zero = new Bits(pageCount);
            this.zero.setRange(pageCount - nonZeroTopPages - zeroPages, pageCount - nonZeroTopPages);
        }
        if (pageLevel && capabilities.contains(Capability.PAGE_ORDER)) {
            this.pageStats = new int[2 * pageCount];
            int never = Float.floatToRawIntBits(-1f);
            for (int i = 1; i < pageStats.length; i += 2) {
                pageStats[i] = never;
            }
        } else {
            this.pageStats = null;
        }
        for (WriteStream w : streams) {
            w.skipTo(0);
        }
        // a hypervisor without round control (XenServer) runs its own pre-copy and never asks the policy
        RoundDecision first = capabilities.contains(Capability.ROUND_CONTROL)
                ? consult(() -> steering.begin(pageView()), "begin")
                : new RoundDecision.PreCopyRound(Optional.empty());
        apply(first, start);
    }

    /** Heap per page of the per-page statistics kept for a {@link PageView}: a write count and a float time. */
    private static final long STATS_BYTES_PER_PAGE = 8;
    /** Heap per page of the post-copy push order (an int per page still pending at the switch). */
    private static final long PUSH_ORDER_BYTES_PER_PAGE = 4;
    /** The bitsets every run keeps: pending, dirty log, ever sent, the round's set. */
    private static final int BITSETS = 4;

    /**
     * The heap a run holds while it runs, bytes, without allocating it: its bitsets (1 bit per page each), the
     * zero-page bitset when the model detects zero pages and there are any, the per-page statistics of a
     * page-level run, the post-copy push order of a run that may switch, and its write streams. Transient arrays
     * (a {@link PageView#pendingPages()} copy, the steering's own work) are not included: they exist during one
     * decision at a time.
     *
     * @param postcopy whether the run may switch to post-copy (the policy can ask and the engine allows it)
     */
    public static long heapBytes(MigrationRequest request, DirtyingModel dirtying, long zeroMemoryBytes,
            EngineSettings settings, boolean pageLevel, boolean postcopy) {
        long pages = request.pageCount();
        long bitset = 8 * ((pages + 63) >>> 6);
        long bytes = BITSETS * bitset;
        if (zeroMemoryBytes >= request.pageSizeBytes() && settings.hypervisor().detectsZeroPages()) {
            bytes += bitset;
        }
        if (pageLevel) {
            bytes += STATS_BYTES_PER_PAGE * pages;
        }
        if (postcopy) {
            bytes += PUSH_ORDER_BYTES_PER_PAGE * pages;
        }
        return bytes + WriteStream.heapBytes(dirtying, request.pageCount());
    }

    public Phase phase() {
        return phase;
    }

    public boolean done() {
        return phase == Phase.DONE;
    }

    public double start() {
        return start;
    }

    public double end() {
        return end;
    }

    public MigrationRequest request() {
        return request;
    }

    public List<RoundReport> rounds() {
        return List.copyOf(rounds);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public Technique technique() {
        return technique;
    }

    /**
     * @return when the steering threw or answered nothing and the engine went on by its own fallback
     *         (stop-and-copy), one line saying when and why; empty while the policy steered every step
     */
    public Optional<String> fallback() {
        return Optional.ofNullable(fallback);
    }

    /** @return whether the run was cancelled before the VM left its source */
    public boolean cancelled() {
        return cancelled;
    }

    /**
     * Cancels the migration at wall time {@code t} if the VM still runs on its source (pre-copy): it then
     * stays there and the run ends. Once paused for the hand-over or running on the target, the migration is
     * past the point of no return and goes on.
     *
     * @return whether it was cancelled
     */
    public boolean cancel(double t) {
        if (phase != Phase.PRE_COPY) {
            return false;
        }
        notes.add("cancelled in round " + (rounds.size() + 1) + "; the VM stays on its source");
        bytesSent += transferTotal - bytesLeft;
        cancelled = true;
        finish(t);
        return true;
    }

    /** @return bytes sent while the VM was paused */
    public long pausedBytes() {
        return Math.round(pausedBytes);
    }

    // ------------------------------------------------------------------ time

    /** @return the wall time of this run's next event at the given bandwidth share */
    public double nextEventTime(double now, double share) {
        return switch (phase) {
            // a round never outlasts the engine's time limit: the limit is an event of its own
            case PRE_COPY -> Math.min(window > 0 ? windowedEventTime(now, share) : roundEndTime(now, share),
                    Math.max(now, limitAt));
            case STOP_AND_COPY, POSTCOPY_SWITCH -> now + bytesLeft / hv.pauseBandwidth(share) + delayLeft;
            case POSTCOPY -> now + Math.max(0, pendingBytes() - credit) / postcopyRate(share);
            case DONE -> Double.POSITIVE_INFINITY;
        };
    }

    /** @return when the migration thread's next step is due (windowed pre-copy), ignoring the time limit */
    private double windowedEventTime(double now, double share) {
        return switch (step) {
            case SENDING -> now + syncLeft + sendLeft;
            case WAITING -> Math.max(now, windowEnd);
        };
    }

    /** @return when the current pre-copy round would end at the given share, ignoring the time limit */
    private double roundEndTime(double now, double share) {
        return now + syncLeft + bytesLeft / hv.liveBandwidth(share);
    }

    /** @return the wire bytes of the pages still pending in post-copy */
    private double pendingBytes() {
        int n = pending.cardinality();
        return (n - pendingZero) * pageWire + pendingZero * zeroWire;
    }

    /** @return the wire bytes of page {@code p} as it is now */
    private double wire(int p) {
        return zero != null && zero.get(p) ? zeroWire : pageWire;
    }

    /** @return the wire bytes of the {@code count} pages of {@code set} as they are now */
    private double bytesOf(Bits set, int count) {
        if (zero == null) {
            return count * pageWire;
        }
        int z = set.intersectionCount(zero);
        return (count - z) * pageWire + z * zeroWire;
    }

    /** Moves the run from {@code now} to {@code t} (no event strictly inside) at a constant share. */
    public void advance(double now, double t, double share) {
        if (t <= now) {
            return;
        }
        switch (phase) {
            case PRE_COPY -> {
                double dt = t - now;
                double sync = Math.min(syncLeft, dt);
                syncLeft -= sync;
                if (window > 0) {
                    sendLeft = Math.max(0, sendLeft - (dt - sync));
                    bytesLeft = sendTotal > 0 ? transferTotal * sendLeft / sendTotal : 0;
                } else {
                    bytesLeft = Math.max(0, bytesLeft - (dt - sync) * hv.liveBandwidth(share));
                }
                writeOnSource(t);
            }
            case STOP_AND_COPY, POSTCOPY_SWITCH -> {
                double dt = t - now;
                double rate = hv.pauseBandwidth(share);
                double transfer = Math.min(dt, bytesLeft / rate);
                bytesLeft = Math.max(0, bytesLeft - transfer * rate);
                delayLeft = Math.max(0, delayLeft - (dt - transfer));
                guestOffset += dt; // paused: guest time stands still
            }
            case POSTCOPY -> postcopy(now, t, postcopyRate(share));
            case DONE -> {
            }
        }
    }

    /** Handles the event due at {@code t}, if one is due. */
    public void fire(double t, double share) {
        if (phase == Phase.DONE || nextEventTime(t, share) > t + EPS * Math.max(1, t)) {
            return;
        }
        switch (phase) {
            case PRE_COPY -> {
                if (window > 0) {
                    if (windowedEventTime(t, share) > t + EPS * Math.max(1, t)) {
                        limitInRound(t);
                    } else {
                        windowedStep(t, share);
                    }
                } else if (roundEndTime(t, share) > t + EPS * Math.max(1, t)) {
                    limitInRound(t);
                } else {
                    endRound(t);
                }
            }
            case STOP_AND_COPY -> {
                downtime = t - pauseStart;
                finish(t);
            }
            case POSTCOPY_SWITCH -> {
                downtime = t - pauseStart;
                resumeAt = t;
                phase = Phase.POSTCOPY;
                pendingZero = zero == null ? 0 : pending.intersectionCount(zero);
                downtime += resume(share);
                if (pending.cardinality() == 0 && credit >= -EPS) {
                    finish(t);
                }
            }
            case POSTCOPY -> {
                credit = Math.max(credit, pendingBytes()) + EPS;
                deliver();
                finish(t);
            }
            case DONE -> {
            }
        }
    }

    // ------------------------------------------------------------------ pre-copy

    private void writeOnSource(double t) {
        double limit = t - guestOffset;
        for (WriteStream w : streams) {
            writeOnSource(w, limit);
        }
    }

    private void writeOnSource(WriteStream w, double limit) {
        Bits log = dirtyLog;
        Bits zeros = zero;
        int[] stats = pageStats;
        int[] buffer = sampleBuffer;
        double offset = guestOffset - start;
        for (int k = w.writesBefore(limit); k > 0; k = w.writesBefore(limit)) {
            while (k > 0) {
                int n = Math.min(k, buffer.length);
                double first = w.nextTime();
                double interval = w.interval();
                w.samplePages(buffer, n);
                if (stats == null) {
                    for (int i = 0; i < n; i++) {
                        log.add(buffer[i]);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        int p = buffer[i];
                        stats[2 * p]++;
                        int last = Float.floatToRawIntBits((float) (first + i * interval + offset));
                        // with several writers a page's last write is the latest of theirs
                        if (streams.length == 1 || Float.intBitsToFloat(last) > Float.intBitsToFloat(stats[2 * p + 1])) {
                            stats[2 * p + 1] = last;
                        }
                        log.add(p);
                    }
                }
                if (zeros != null) {
                    for (int i = 0; i < n; i++) {
                        zeros.remove(buffer[i]);
                    }
                }
                w.skipWrites(n);
                k -= n;
            }
        }
    }

    private void startRound(Optional<PageOrder> order, double t) {
        if (window > 0) {
            startWindowedRound(order, t);
            return;
        }
        if (order.isPresent() && capabilities.contains(Capability.PAGE_ORDER)) {
            roundSet.clearAll();
            PageOrder o = order.get();
            for (int i = 0; i < o.size(); i++) {
                int p = o.get(i);
                if (p < pageCount && pending.get(p)) {
                    roundSet.set(p);
                }
            }
        } else {
            if (order.isPresent()) {
                notes.add("page order ignored: the engine was configured without PAGE_ORDER");
            }
            roundSet.copyFrom(pending);
        }
        roundCount = roundSet.cardinality();
        if (roundCount == 0) {
            notes.add("round " + (rounds.size() + 1) + " selected no pending page; stopping and copying");
            startStopAndCopy(t);
            return;
        }
        if (!hv.earlySync().isZero()) {
            // QEMU checks between iterations whether what is left of the pass (pages x page size) fits the
            // budget, and then syncs: the pages left are the highest (it scans upwards), less what the iteration
            // that crossed the threshold still sends (cheap zero pages go by the thousand)
            int rest = (int) Math.min(Integer.MAX_VALUE, Math.floor(threshold / request.pageSizeBytes()));
            if (rest > 0 && roundCount > rest) {
                int[] top = roundSet.highest(rest);
                double slack = hv.liveBandwidth(nominal) * seconds(hv.earlySync());
                int kept = top.length;
                while (kept > 0 && slack >= wire(top[kept - 1])) {
                    slack -= wire(top[kept - 1]);
                    kept--;
                }
                for (int i = 0; i < kept; i++) {
                    roundSet.clear(top[i]);
                }
                roundCount = roundSet.cardinality();
            }
        }
        phase = Phase.PRE_COPY;
        roundStart = t;
        syncLeft = settings.roundSyncCost().toNanos() / 1e9;
        bytesLeft = bytesOf(roundSet, roundCount);
        transferTotal = bytesLeft;
    }

    private int[] selectPending(PageOrder order) {
        Bits seen = new Bits(pageCount);
        int[] out = new int[Math.min(order.size(), pending.cardinality())];
        int k = 0;
        for (int i = 0; i < order.size() && k < out.length; i++) {
            int p = order.get(i);
            if (p < pageCount && pending.get(p) && seen.set(p)) {
                out[k++] = p;
            }
        }
        return k == out.length ? out : java.util.Arrays.copyOf(out, k);
    }

    private void endRound(double t) {
        sendSet(roundSet, roundCount);
        bytesSent += transferTotal;
        syncAndDecide(t, transferTotal);
    }

    /**
     * Ends the round at {@code t}: what was written since the last sync joins the pending set, the round is
     * reported (with {@code roundBytes} sent in it), and what comes next is applied.
     */
    private void syncAndDecide(double t, double roundBytesSent) {
        double duration = t - roundStart;
        int dirtied = dirtyLog.cardinality();
        pending.or(dirtyLog);
        dirtyLog.clearAll();
        RoundReport report = new RoundReport(rounds.size() + 1, seconds(t - start), seconds(duration),
                roundCount, pending.cardinality(), duration > 0 ? dirtied / duration : 0,
                duration > 0 ? roundBytesSent / duration : 0, (long) bytesSent);
        decideAfterRound(report, t);
    }

    /** Records the round that ended at {@code t} and applies what comes next: the engine's limits, the hypervisor's own rule, or the policy. */
    private void decideAfterRound(RoundReport report, double t) {
        rounds.add(report);
        RoundDecision next;
        if (rounds.size() >= settings.maxRounds() || t - start >= settings.maxSimulatedTime().toNanos() / 1e9) {
            notes.add("engine limit reached after round " + rounds.size() + "; stopping and copying");
            next = new RoundDecision.StopAndCopy();
        } else if (!capabilities.contains(Capability.ROUND_CONTROL)) {
            // the hypervisor decides by its own rule and never asks the policy
            boolean stop = rounds.size() >= settings.ownMaxRounds()
                    || pending.cardinality() <= settings.ownTargetDirtyPages();
            next = stop ? new RoundDecision.StopAndCopy() : new RoundDecision.PreCopyRound(Optional.empty());
        } else if (hv.ownConvergence() && (double) pending.cardinality() * request.pageSizeBytes() <= threshold()) {
            // QEMU completes by itself once the pending pages fit the budget, before the policy hears of it
            next = new RoundDecision.StopAndCopy();
        } else {
            next = consult(() -> steering.afterRound(report, pageView()), "after round " + report.round());
        }
        apply(next, t);
    }

    /**
     * The engine's time limit fell inside a round (a link too slow for the memory, say): the round is cut short
     * and the VM stops and copies now, as it would after a round at the limit. The bytes the round had sent count
     * as sent; its pages, whose transfer did not complete, and every page written meanwhile go in the pause. The
     * cut round is no round of the report.
     */
    private void limitInRound(double t) {
        notes.add("engine limit reached in round " + (rounds.size() + 1) + " (" + seconds(settings.maxSimulatedTime())
                + " s of simulated time); stopping and copying");
        bytesSent += transferTotal - bytesLeft;
        transferTotal = 0;
        bytesLeft = 0;
        chunkCount = 0;
        pending.or(dirtyLog);
        dirtyLog.clearAll();
        startStopAndCopy(t);
    }

    // ------------------------------------------------------------------ windowed pre-copy (QEMU's rate limiter)

    /**
     * A round under QEMU's rate limiter starts right after a dirty-log sync: the pending set is QEMU's migration
     * bitmap, scanned upwards from where the last round stopped. Nothing is selected yet; the thread's next step
     * (due now, after the sync's cost) sends the first iteration.
     */
    private void startWindowedRound(Optional<PageOrder> order, double t) {
        if (order.isPresent()) {
            notes.add("page order ignored: QEMU's stream scans its dirty bitmap in address order");
        }
        phase = Phase.PRE_COPY;
        roundStart = t;
        roundCount = 0;
        roundBytes = 0;
        if (rounds.isEmpty()) {
            windowStart = t;
            windowEnd = t + window;
            windowSent = 0;
        }
        syncLeft = settings.roundSyncCost().toNanos() / 1e9;
        sendIteration(t, lastShare);
    }

    /**
     * The migration thread's step at {@code t}: an iteration's pages arrived (count them, then sleep out the period
     * if its allowance is used, else check at once), or a period ended (check), or an iteration is due (send it).
     * The check is QEMU's: when the pages left of the bitmap, times the page size, fit the budget, the dirty log is
     * synchronised and the round ends.
     */
    private void windowedStep(double t, double share) {
        lastShare = share;
        switch (step) {
            case SENDING -> {
                for (int i = 0; i < chunkCount; i++) {
                    int p = chunk[i];
                    pending.clear(p);
                    countSent(p);
                }
                roundCount += chunkCount;
                chunkCount = 0;
                bytesSent += transferTotal;
                roundBytes += transferTotal;
                windowSent += transferTotal;
                transferTotal = 0;
                bytesLeft = 0;
                sendLeft = 0;
                sendTotal = 0;
                syncLeft = 0;
                if (t + EPS >= windowEnd) {
                    newWindow(t);
                } else if (windowSent >= allowance(share) * (1 - 1e-9) && pending.cardinality() > 0) {
                    step = Step.WAITING;
                    return;
                }
                check(t, share);
            }
            case WAITING -> {
                newWindow(t);
                check(t, share);
            }
        }
    }

    /**
     * A period ends at {@code t} (QEMU's {@code migration_update_counters}): the bandwidth it achieved, its bytes
     * over its length, times the budget is the threshold until the next one ends, so a period that sent little (one
     * that scanned zero pages, or ended a pass) makes the next checks stricter.
     */
    private void newWindow(double t) {
        double length = t - windowStart;
        if (length > 0) {
            measuredThreshold = request.downtimeBudget().toNanos() / 1e9 * windowSent / length;
        }
        windowStart = t;
        windowEnd = t + window;
        windowSent = 0;
    }

    /** @return the threshold in force: the measured one under QEMU's rate limiter, else budget x achieved bandwidth */
    private double threshold() {
        return window > 0 ? measuredThreshold : threshold;
    }

    /** @return the bytes one period allows: the achieved bandwidth (cap x efficiency, at most the host's copy speed) x the period */
    private double allowance(double share) {
        return hv.liveBandwidth(share) * window;
    }

    private void check(double t, double share) {
        if ((double) pending.cardinality() * request.pageSizeBytes() <= threshold()) {
            syncWindowed(t);
        } else {
            sendIteration(t, share);
        }
    }

    /** The dirty-log sync that ends a round: what was written since the last one joins the bitmap's rest. */
    private void syncWindowed(double t) {
        syncAndDecide(t, roundBytes);
    }

    /**
     * One iteration: the pending pages from the scan position upwards (wrapping at the top), as many as the
     * period's allowance left (in bytes) and one iteration's length (in time: each page's bytes at the host's copy
     * speed, plus the scan cost of a zero page) take; the last page may overshoot, as QEMU's limiter checks after
     * each page.
     */
    private void sendIteration(double t, double share) {
        double allow = allowance(share) - windowSent;
        if (allow <= 0) {
            step = Step.WAITING;
            return;
        }
        double burst = hv.burstBandwidth(share);
        double scan = hv.zeroPageScanSeconds();
        int available = pending.cardinality();
        double bytes = 0;
        double time = 0;
        chunkCount = 0;
        while (bytes < allow && time < iteration && chunkCount < available) {
            int p = pending.nextSetBit(cursor);
            if (p < 0) {
                p = pending.nextSetBit(0);
            }
            cursor = p + 1 >= pageCount ? 0 : p + 1;
            if (chunkCount == chunk.length) {
                chunk = java.util.Arrays.copyOf(chunk, chunk.length * 2);
            }
            chunk[chunkCount++] = p;
            double w = wire(p);
            bytes += w;
            time += w / burst + (scan > 0 && zero != null && zero.get(p) ? scan : 0);
        }
        transferTotal = bytes;
        bytesLeft = bytes;
        sendTotal = time;
        sendLeft = time;
        step = Step.SENDING;
        if (chunkCount == 0) {
            if (roundCount == 0 && dirtyLog.cardinality() == 0 && !rounds.isEmpty()) {
                notes.add("round " + (rounds.size() + 1) + " selected no pending page; stopping and copying");
                startStopAndCopy(t);
                return;
            }
            // nothing pending: the pass is complete and QEMU checks (and syncs) at once
            syncWindowed(t);
        }
    }

    /** Counts the pages of {@code set} as sent (and re-sent where they had been before) and no longer pending. */
    private void sendSet(Bits set, int count) {
        pagesSent += count;
        pagesResent += set.intersectionCount(everSent);
        everSent.or(set);
        pending.andNot(set);
    }

    private void countSent(int p) {
        pagesSent++;
        if (!everSent.set(p)) {
            pagesResent++;
        }
    }

    // ------------------------------------------------------------------ decisions

    private RoundDecision consult(java.util.function.Supplier<RoundDecision> call, String when) {
        try {
            RoundDecision d = call.get();
            if (d == null) {
                return fallBack("policy returned no decision " + when + "; stopping and copying");
            }
            return d;
        } catch (RuntimeException | LinkageError e) {
            return fallBack("policy failed " + when + " (" + e + "); stopping and copying");
        }
    }

    private RoundDecision fallBack(String why) {
        notes.add(why);
        if (fallback == null) {
            fallback = why;
        }
        return new RoundDecision.StopAndCopy();
    }

    private void apply(RoundDecision decision, double t) {
        if (decision instanceof RoundDecision.PreCopyRound r) {
            startRound(r.pages(), t);
        } else if (decision instanceof RoundDecision.SwitchToPostCopy s) {
            Capability needed = rounds.isEmpty() ? Capability.POST_COPY : Capability.POSTCOPY_SWITCH;
            if (!capabilities.contains(needed)) {
                notes.add("post-copy refused: the engine was configured without " + needed + "; stopping and copying");
                startStopAndCopy(t);
            } else {
                startPostcopySwitch(s, t);
            }
        } else {
            startStopAndCopy(t);
        }
    }

    /**
     * The guest stops; what is pending goes at the pause's speed, except that the non-zero pages the destination
     * has never held go at {@link HypervisorModel#coldPauseBandwidth} (its first-touch allocation) and each zero
     * page costs its scan ({@link HypervisorModel#zeroPageScan}); both are added to the pause's fixed delay.
     */
    private void startStopAndCopy(double t) {
        phase = Phase.STOP_AND_COPY;
        pauseStart = t;
        int count = pending.cardinality();
        roundSet.copyFrom(pending);
        int warm = roundSet.intersectionCount(everSent);
        int zeros = zero == null ? 0 : roundSet.intersectionCount(zero);
        int cold = Math.max(0, count - warm - zeros);
        bytesLeft = bytesOf(roundSet, count) + request.executionStateBytes();
        sendSet(roundSet, count);
        bytesSent += bytesLeft;
        pausedBytes = bytesLeft;
        double share = lastShare;
        double coldExtra = cold * pageWire * (1 / hv.coldPauseBandwidth(share) - 1 / hv.pauseBandwidth(share));
        delayLeft = rtt + seconds(hv.pauseOverhead()) + coldExtra + zeros * hv.zeroPageScanSeconds();
    }

    private void startPostcopySwitch(RoundDecision.SwitchToPostCopy s, double t) {
        technique = rounds.isEmpty() ? Technique.POST_COPY : Technique.HYBRID;
        phase = Phase.POSTCOPY_SWITCH;
        pauseStart = t;
        bytesLeft = request.executionStateBytes() + (pageCount + 7) / 8;
        bytesSent += bytesLeft;
        pausedBytes = bytesLeft;
        delayLeft = rtt + seconds(hv.pauseOverhead());
        prepageWindow = s.prepageWindow();
        int[] order = s.pushOrder().isPresent() && capabilities.contains(Capability.PAGE_ORDER)
                ? selectPending(s.pushOrder().get()) : new int[0];
        int[] rest = pending.toArray();
        pushOrder = new int[order.length + rest.length];
        System.arraycopy(order, 0, pushOrder, 0, order.length);
        System.arraycopy(rest, 0, pushOrder, order.length, rest.length);
        pushCursor = 0;
        credit = 0;
    }

    // ------------------------------------------------------------------ post-copy

    /**
     * @return the post-copy phase's rate at this share of the pre-copy cap: under the link's post-copy cap (the
     *         same share of it), or, with none, the hypervisor's copy rate (QEMU's max-postcopy-bandwidth 0)
     */
    private double postcopyRate(double share) {
        return hv.postcopyBandwidth(share, nominal, request.link().postcopyBandwidthBytesPerSec());
    }

    /** @return the nominal post-copy rate at this share, the key of the model's post-copy curves */
    private double postcopyKey(double share) {
        return hv.postcopyShare(share, nominal, request.link().postcopyBandwidthBytesPerSec());
    }

    /**
     * The guest's wait for its resume set right after the switch: the pages of the set still missing are fetched
     * as faults, and the guest stands still for the model's resume stall times the share missing.
     *
     * @return that wait, seconds
     */
    private double resume(double share) {
        int size = Math.min(hv.resumePages(), pageCount);
        if (size == 0) {
            return 0;
        }
        int missing = 0;
        for (int k = 0; k < size; k++) {
            int p = (int) ((long) k * pageCount / size);
            if (pending.get(p)) {
                missing++;
                faults++;
                credit -= wire(p);
                arrive(p);
            }
        }
        double wait = hv.resumeStall().at(postcopyKey(share), 0) * missing / size;
        guestOffset += wait;
        stall += wait;
        return wait;
    }

    private void postcopy(double now, double t, double rate) {
        double cursor = now;
        WriteStream[] ws = streams;
        double latency = hv.faultLatency().at(postcopyKey(nominal), 0);
        while (pending.cardinality() > 0) {
            int s = 0;
            for (int i = 1; i < ws.length; i++) {
                if (ws[i].nextTime() < ws[s].nextTime()) {
                    s = i;
                }
            }
            WriteStream w = ws[s];
            double touch = w.nextTime() + guestOffset;
            if (touch >= t) {
                break;
            }
            if (++touchesSinceCheck[s] >= 4096) {
                touchesSinceCheck[s] = 0;
                if (!pending.anyIn(w.supportLow(), w.supportHigh())) {
                    // nothing this writer can touch in this stretch is missing: no fault from it before it ends
                    w.skipTo(Math.min(t - guestOffset, w.stretchEnd()));
                    continue;
                }
            }
            credit += (touch - cursor) * rate;
            cursor = touch;
            deliver();
            int p = w.page();
            if (pageStats != null) {
                pageStats[2 * p]++;
                pageStats[2 * p + 1] = Float.floatToRawIntBits((float) (touch - start));
            }
            if (pending.get(p)) {
                faults++;
                double cost = wire(p);
                double blocked = rtt + latency + cost / rate;
                credit -= cost;
                arrive(p);
                for (int q = p + 1; q <= p + prepageWindow && q < pageCount; q++) {
                    if (pending.get(q)) {
                        urgent.add(q);
                    }
                }
                guestOffset += blocked;
                stall += blocked;
            }
            w.advance();
        }
        credit += (t - cursor) * rate;
        deliver();
    }

    private void deliver() {
        while (pending.cardinality() > 0) {
            int p = peekToPush();
            if (p < 0 || credit < wire(p) * (1 - EPS)) {
                break;
            }
            credit -= wire(p);
            takePushed();
            arrive(p);
        }
    }

    /**
     * @return the next page to push without taking it (dropping the queue heads that have arrived meanwhile), or
     *         -1 when nothing is left; a page is drawn only once it is paid for, so that pages queued urgently
     *         meanwhile still go first
     */
    private int peekToPush() {
        while (!urgent.isEmpty()) {
            int p = urgent.peek();
            if (pending.get(p)) {
                return p;
            }
            urgent.poll();
        }
        while (pushCursor < pushOrder.length) {
            int p = pushOrder[pushCursor];
            if (pending.get(p)) {
                return p;
            }
            pushCursor++;
        }
        return -1;
    }

    /** Takes the page {@link #peekToPush()} returned. */
    private void takePushed() {
        if (!urgent.isEmpty()) {
            urgent.poll();
        } else {
            pushCursor++;
        }
    }

    private void arrive(int p) {
        double cost = wire(p);
        if (zero != null && zero.get(p)) {
            pendingZero--;
        }
        pending.clear(p);
        countSent(p);
        bytesSent += cost;
    }

    private void finish(double t) {
        phase = Phase.DONE;
        end = t;
        // a finished run keeps only its figures: drop the per-page state (bits and statistics)
        pushOrder = new int[0];
        steering = null;
        pending = null;
        dirtyLog = null;
        everSent = null;
        roundSet = null;
        pageStats = null;
        zero = null;
    }

    // ------------------------------------------------------------------ results

    public MigrationMetrics metrics() {
        double total = end - start;
        double degraded = resumeAt >= 0 ? end - resumeAt : 0;
        Duration budget = request.downtimeBudget();
        Duration down = seconds(downtime);
        return new MigrationMetrics(seconds(total), down, Math.round(bytesSent), pagesSent, pagesResent,
                rounds.size(), faults, seconds(degraded), seconds(stall), down.compareTo(budget) > 0);
    }

    /**
     * @return the progress at wall time {@code now}: bytes sent over bytes sent plus what is known to remain
     *         (the same estimate xenopsd and QEMU report, so it can step back when pages are re-dirtied)
     */
    public MigrationProgress progress(double now) {
        MigrationProgress.Phase p = switch (phase) {
            case PRE_COPY -> MigrationProgress.Phase.PRE_COPY;
            case STOP_AND_COPY, POSTCOPY_SWITCH -> MigrationProgress.Phase.STOP_AND_COPY;
            case POSTCOPY -> MigrationProgress.Phase.POST_COPY;
            case DONE -> MigrationProgress.Phase.DONE;
        };
        double sent;
        double remaining;
        switch (phase) {
            case PRE_COPY -> {
                double inFlight = transferTotal - bytesLeft;
                sent = bytesSent + inFlight;
                remaining = Math.max(0, pending.cardinality() * pageWire - inFlight) + request.executionStateBytes();
            }
            case STOP_AND_COPY, POSTCOPY_SWITCH -> {
                sent = bytesSent - bytesLeft;
                remaining = bytesLeft + pending.cardinality() * pageWire;
            }
            case POSTCOPY -> {
                sent = bytesSent;
                remaining = pending.cardinality() * pageWire;
            }
            default -> {
                sent = bytesSent;
                remaining = 0;
            }
        }
        double fraction = phase == Phase.DONE ? 1 : sent / Math.max(1, sent + remaining);
        return new MigrationProgress(Math.min(1, Math.max(0, fraction)), p,
                phase == Phase.PRE_COPY ? rounds.size() + 1 : 0, seconds(Math.max(0, now - start)), (long) sent);
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    // ------------------------------------------------------------------ page view

    private Optional<PageView> pageView() {
        return pageStats != null ? Optional.of(view) : Optional.empty();
    }

    private double lastDecisionTime() {
        return rounds.isEmpty() ? 0 : rounds.get(rounds.size() - 1).elapsed().toNanos() / 1e9;
    }

    private final PageView view = new PageView() {
        @Override
        public int pageCount() {
            return pageCount;
        }

        @Override
        public int pageSizeBytes() {
            return request.pageSizeBytes();
        }

        @Override
        public double elapsedSeconds() {
            return lastDecisionTime();
        }

        @Override
        public int pendingCount() {
            return pending.cardinality();
        }

        @Override
        public int[] pendingPages() {
            return pending.toArray();
        }

        @Override
        public boolean isPending(int page) {
            return pending.get(page);
        }

        @Override
        public int writeCount(int page) {
            return pageStats[2 * page];
        }

        @Override
        public double lastWriteSeconds(int page) {
            return Float.intBitsToFloat(pageStats[2 * page + 1]);
        }
    };
}

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
 * <p>Cost: O(1) per guest write and per page sent, O(N/64) per round for the bitsets; memory ≈ 3 bits per
 * page, plus 8 bytes per page when page-level statistics are tracked for a {@link PageView}.
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
    private final WriteStream writes;
    private final int pageCount;
    private final double pageWire;
    private final double rtt;
    private final double start;

    private Bits pending;
    private Bits dirtyLog;
    private Bits everSent;
    /** Per page, interleaved for one cache line per write: [2p] write count, [2p+1] last write (float bits). */
    private int[] pageStats;

    private Phase phase;
    private double guestOffset;
    private final List<RoundReport> rounds = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Technique technique = Technique.PRE_COPY;

    // current pre-copy round: the set of pages it sends (order within a round does not matter under log-dirty
    // semantics: every write during the round is logged, whether its page was sent before or after it)
    private Bits roundSet;
    private int roundCount;
    private double roundStart;
    private final int[] sampleBuffer = new int[4096];
    private double syncLeft;

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
    private int touchesSinceCheck;

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
     */
    public MigrationRun(MigrationRequest request, DirtyingModel dirtying, MigrationSteering steering,
            Set<Capability> capabilities, EngineSettings settings, UniformRandomProvider rng, double start,
            boolean pageLevel) {
        this.request = request;
        this.steering = steering;
        this.capabilities = capabilities;
        this.settings = settings;
        this.pageCount = request.pageCount();
        this.writes = new WriteStream(dirtying, pageCount, rng);
        this.pageWire = request.pageSizeBytes() * request.link().compressionRatio();
        this.rtt = request.link().rtt().toNanos() / 1e9;
        this.start = start;
        this.guestOffset = start;
        this.pending = new Bits(pageCount);
        this.pending.setAll();
        this.dirtyLog = new Bits(pageCount);
        this.everSent = new Bits(pageCount);
        this.roundSet = new Bits(pageCount);
        if (pageLevel && capabilities.contains(Capability.PAGE_ORDER)) {
            this.pageStats = new int[2 * pageCount];
            int never = Float.floatToRawIntBits(-1f);
            for (int i = 1; i < pageStats.length; i += 2) {
                pageStats[i] = never;
            }
        } else {
            this.pageStats = null;
        }
        writes.skipTo(0);
        // a hypervisor without round control (XenServer) runs its own pre-copy and never asks the policy
        RoundDecision first = capabilities.contains(Capability.ROUND_CONTROL)
                ? consult(() -> steering.begin(pageView()), "begin")
                : new RoundDecision.PreCopyRound(Optional.empty());
        apply(first, start);
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
            case PRE_COPY -> now + syncLeft + bytesLeft / share;
            case STOP_AND_COPY, POSTCOPY_SWITCH -> now + bytesLeft / share + delayLeft;
            case POSTCOPY -> now + Math.max(0, (pending.cardinality() * pageWire - credit)) / share;
            case DONE -> Double.POSITIVE_INFINITY;
        };
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
                bytesLeft = Math.max(0, bytesLeft - (dt - sync) * share);
                writeOnSource(t);
            }
            case STOP_AND_COPY, POSTCOPY_SWITCH -> {
                double dt = t - now;
                double transfer = Math.min(dt, bytesLeft / share);
                bytesLeft = Math.max(0, bytesLeft - transfer * share);
                delayLeft = Math.max(0, delayLeft - (dt - transfer));
                guestOffset += dt; // paused: guest time stands still
            }
            case POSTCOPY -> postcopy(now, t, share);
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
            case PRE_COPY -> endRound(t);
            case STOP_AND_COPY -> {
                downtime = t - pauseStart;
                finish(t);
            }
            case POSTCOPY_SWITCH -> {
                downtime = t - pauseStart;
                resumeAt = t;
                phase = Phase.POSTCOPY;
                if (pending.cardinality() == 0) {
                    finish(t);
                }
            }
            case POSTCOPY -> {
                credit = pending.cardinality() * pageWire + EPS;
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
        WriteStream w = writes;
        Bits log = dirtyLog;
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
                        stats[2 * p + 1] = Float.floatToRawIntBits((float) (first + i * interval + offset));
                        log.add(p);
                    }
                }
                w.skipWrites(n);
                k -= n;
            }
        }
    }

    private void startRound(Optional<PageOrder> order, double t) {
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
        phase = Phase.PRE_COPY;
        roundStart = t;
        syncLeft = settings.roundSyncCost().toNanos() / 1e9;
        bytesLeft = roundCount * pageWire;
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
        double duration = t - roundStart;
        int dirtied = dirtyLog.cardinality();
        pending.or(dirtyLog);
        dirtyLog.clearAll();
        RoundReport report = new RoundReport(rounds.size() + 1, seconds(t - start), seconds(duration),
                roundCount, pending.cardinality(), duration > 0 ? dirtied / duration : 0,
                duration > 0 ? transferTotal / duration : 0, (long) bytesSent);
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
        } else {
            next = consult(() -> steering.afterRound(report, pageView()), "after round " + report.round());
        }
        apply(next, t);
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
                notes.add("policy returned no decision " + when + "; stopping and copying");
                return new RoundDecision.StopAndCopy();
            }
            return d;
        } catch (RuntimeException | LinkageError e) {
            notes.add("policy failed " + when + " (" + e + "); stopping and copying");
            return new RoundDecision.StopAndCopy();
        }
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

    private void startStopAndCopy(double t) {
        phase = Phase.STOP_AND_COPY;
        pauseStart = t;
        int count = pending.cardinality();
        roundSet.copyFrom(pending);
        sendSet(roundSet, count);
        bytesLeft = count * pageWire + request.executionStateBytes();
        bytesSent += bytesLeft;
        pausedBytes = bytesLeft;
        delayLeft = rtt;
    }

    private void startPostcopySwitch(RoundDecision.SwitchToPostCopy s, double t) {
        technique = rounds.isEmpty() ? Technique.POST_COPY : Technique.HYBRID;
        phase = Phase.POSTCOPY_SWITCH;
        pauseStart = t;
        bytesLeft = request.executionStateBytes() + (pageCount + 7) / 8;
        bytesSent += bytesLeft;
        pausedBytes = bytesLeft;
        delayLeft = rtt;
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

    private void postcopy(double now, double t, double share) {
        double cursor = now;
        WriteStream w = writes;
        while (pending.cardinality() > 0) {
            double touch = w.nextTime() + guestOffset;
            if (touch >= t) {
                break;
            }
            if (++touchesSinceCheck >= 4096) {
                touchesSinceCheck = 0;
                if (!pending.anyIn(w.supportLow(), w.supportHigh())) {
                    // nothing the guest can touch in this stretch is missing: no fault before it ends
                    w.skipTo(Math.min(t - guestOffset, w.stretchEnd()));
                    continue;
                }
            }
            credit += (touch - cursor) * share;
            cursor = touch;
            deliver();
            int p = w.page();
            if (pageStats != null) {
                pageStats[2 * p]++;
                pageStats[2 * p + 1] = Float.floatToRawIntBits((float) (touch - start));
            }
            if (pending.get(p)) {
                faults++;
                double blocked = rtt + pageWire / share;
                credit -= pageWire;
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
        credit += (t - cursor) * share;
        deliver();
    }

    private void deliver() {
        double threshold = pageWire * (1 - EPS);
        while (credit >= threshold && pending.cardinality() > 0) {
            int p = nextToPush();
            if (p < 0) {
                break;
            }
            credit -= pageWire;
            arrive(p);
        }
    }

    private int nextToPush() {
        while (!urgent.isEmpty()) {
            int p = urgent.poll();
            if (pending.get(p)) {
                return p;
            }
        }
        while (pushCursor < pushOrder.length) {
            int p = pushOrder[pushCursor++];
            if (pending.get(p)) {
                return p;
            }
        }
        return -1;
    }

    private void arrive(int p) {
        pending.clear(p);
        countSent(p);
        bytesSent += pageWire;
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

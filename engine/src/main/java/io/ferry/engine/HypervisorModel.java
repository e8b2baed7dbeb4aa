package io.ferry.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How a real hypervisor's migration stream departs from the engine's ideal link, calibrated from measurements
 * of that hypervisor on a given kind of machine. {@link #IDEAL} (the default of {@link EngineSettings}) is the
 * engine's textbook model: every page costs its size on the wire, the link runs at exactly its bandwidth, rounds
 * end when every pending page is sent, a pause is throttled like the rest, a post-copy fault costs one RTT plus the
 * page. A calibrated model (see the {@code qemu-tcg} profile of the compare bundle) switches on what QEMU really
 * does:
 * <ul>
 * <li><b>zero pages</b>: memory that was never written holds zeros; QEMU detects it and sends a short header
 * instead of the page ({@link #zeroPageBytes}); every page sent carries a header ({@link #pageHeaderBytes});</li>
 * <li><b>achieved bandwidth</b>: a rate limiter set to C moves {@code C × efficiency(C)} on average, while the
 * guest runs ({@link #liveEfficiency}) and while post-copy pushes pages ({@link #postcopyEfficiency}); but never
 * more than the host can copy ({@link #copyRateBytesPerSec}): with a large cap, or none, the migration is
 * CPU-bound (QEMU's migration thread and the socket under TCG), so the achieved rate is
 * {@code min(C × efficiency(C), copy rate)};</li>
 * <li><b>two caps</b>: post-copy runs under a cap of its own (QEMU's {@code max-postcopy-bandwidth}, the link's
 * {@code postcopyBandwidthBytesPerSec}); when the link asks for none, as QEMU's default 0 does, the post-copy
 * phase runs at the host's post-copy copy rate ({@link #postcopyBandwidth(double, double, double)}), which is
 * its own figure ({@link #postcopyCopyRateBytesPerSec}) because the post-copy push skips pre-copy's dirty-log
 * work;</li>
 * <li><b>QEMU's round rule</b>: a pass over the dirty pages ends, and the dirty log is synchronised, as soon as
 * what is left of it fits the downtime budget at that bandwidth, checked between iterations (the rest stays
 * pending for the next pass, {@link #earlySync}); and QEMU stops and copies by itself once the pending pages fit the budget
 * ({@link #ownConvergence}), whatever the policy would say;</li>
 * <li><b>the rate limiter</b> ({@link #rateWindow}): QEMU does not send at a steady rate; each 100 ms period
 * it sends its allowance as fast as the host copies and then sleeps, and it asks whether the rest fits the budget
 * only when a period starts or an iteration ends, so a round lasts whole periods and the rest it leaves is
 * whatever the last period's allowance left below the threshold;</li>
 * <li><b>the pause</b>: QEMU lifts its rate limit once the guest is stopped, so a stop-and-copy runs at the
 * machine's own speed ({@link #pauseBandwidthBytesPerSec}), plus a fixed cost for stopping the guest, saving and
 * loading devices and starting the destination ({@link #pauseOverhead}); but a page the destination has never
 * held arrives no faster than the copy rate ({@link #coldPauseBandwidth}): the destination allocates its memory on
 * first touch (traced: with the destination's memory preallocated, an idle guest's pause fell from 29-37 ms to
 * 3-5 ms of RAM saving), so the non-zero pages a first pass has not reached when QEMU stops the guest cost far
 * more than re-sent ones;</li>
 * <li><b>zero pages cost time</b> ({@link #zeroPageScan}): QEMU reads a page to find it holds only zeros, so a
 * stretch of zero memory is cheap on the wire but not free; it bounds how far one iteration of at most
 * {@link #earlySync} scans, and so where a round's rest falls;</li>
 * <li><b>post-copy</b>: a fault waits behind the background pages already queued in the socket and for the
 * destination's fault handling ({@link #faultLatency}), so a guest that touches missing pages runs much slower
 * than on its source; and right after the switch the guest needs the pages of its own kernel and runtime before
 * it makes any progress ({@link #resumePages} spread over memory, waited for in {@link #resumeStall} when all are
 * missing), which is most of the pause a guest sees in post-copy.</li>
 * </ul>
 * Every figure keeps its ideal value by default, so a model changes only what it sets.
 *
 * <p>Cost: none per write; a round with {@link #earlySync} costs one O(pages/64) scan more; zero-page tracking
 * one bit per page and one store per guest write (only when the scenario has zero memory).
 *
 * @param liveEfficiency            bandwidth achieved while the guest runs on the source, as a share of the cap,
 *                                  by cap; empty: 1
 * @param postcopyEfficiency        the same while post-copy pushes pages; empty: as {@code liveEfficiency}
 * @param pauseBandwidthBytesPerSec the speed of transfers while the guest is paused (stop-and-copy, the post-copy
 *                                  switch), &gt;= 0; 0: the link's share, as throttled as the rest
 * @param pauseOverhead             fixed time every pause costs beyond its bytes and one RTT, &gt;= 0
 * @param pageHeaderBytes           bytes each page sent carries besides its contents, 0 to 4096
 * @param zeroPageBytes             bytes on the wire for a page of zeros, 0 to 4096; -1: zero pages are not
 *                                  detected and cost a full page
 * @param earlySync                 how often the hypervisor checks whether the unsent rest of a pre-copy round
 *                                  fits the downtime budget, ending the round there (QEMU: every iteration of at
 *                                  most 50 ms, MAX_WAIT); the iteration that crosses the threshold still sends
 *                                  this long's worth; ZERO: rounds run to their end
 * @param ownConvergence            whether the hypervisor stops and copies by itself after a round that leaves no
 *                                  more pending than fits the budget
 * @param faultLatency              seconds a post-copy fault waits beyond one RTT and the page's own transfer, by
 *                                  cap; empty: 0
 * @param resumePages               pages the guest needs right after a post-copy switch before it makes progress
 *                                  (its kernel's and runtime's working set), spread evenly over memory, &gt;= 0
 * @param resumeStall               seconds the guest waits for them when all are missing, by cap; the wait is
 *                                  proportional to the share still missing; empty: 0
 * @param copyRateBytesPerSec       what the host moves with no cap at all (a migration's CPU-bound rate, measured
 *                                  by an uncapped migration), &gt;= 0; it bounds every live and post-copy rate and
 *                                  is the rate of an uncapped post-copy phase; 0: unbounded (the ideal model: an
 *                                  uncapped post-copy runs at the link's bandwidth)
 * @param postcopyCopyRateBytesPerSec the same for the post-copy phase, which copies faster than pre-copy (no
 *                                  dirty-log sync, no page scan: it pushes what the destination lacks), &gt;= 0;
 *                                  0: {@link #copyRateBytesPerSec}
 * @param rateWindow                QEMU's rate limiter: pre-copy sends in periods of this length, each allowed
 *                                  {@code liveBandwidth × rateWindow} bytes, as a burst at the copy rate followed
 *                                  by a wait for the period's end; the pending check (and the dirty-log sync it
 *                                  triggers once the rest fits the budget) runs when a period starts and after
 *                                  every iteration of at most {@link #earlySync} (QEMU's MAX_WAIT); ZERO: a
 *                                  continuous link where a round sends every pending page and {@code earlySync}
 *                                  only cuts the round's tail
 * @param zeroPageScan              time per zero page beyond its bytes (finding it zero), in windowed pre-copy
 *                                  iterations and in the pause, 0 to 1 ms; ZERO: none
 */
public record HypervisorModel(BandwidthCurve liveEfficiency, BandwidthCurve postcopyEfficiency,
        double pauseBandwidthBytesPerSec, Duration pauseOverhead, int pageHeaderBytes, int zeroPageBytes,
        Duration earlySync, boolean ownConvergence, BandwidthCurve faultLatency, int resumePages,
        BandwidthCurve resumeStall, double copyRateBytesPerSec, double postcopyCopyRateBytesPerSec,
        Duration rateWindow, Duration zeroPageScan) {

    /** QEMU's rate-limiter period ({@code BUFFER_DELAY} in QEMU's migration.c): 100 ms. */
    public static final Duration QEMU_RATE_WINDOW = Duration.ofMillis(100);

    /** The engine's ideal model: nothing beyond the link's bandwidth and RTT. */
    public static final HypervisorModel IDEAL = new HypervisorModel(BandwidthCurve.NONE, BandwidthCurve.NONE, 0,
            Duration.ZERO, 0, -1, Duration.ZERO, false, BandwidthCurve.NONE, 0, BandwidthCurve.NONE, 0, 0,
            Duration.ZERO, Duration.ZERO);

    /** A model without a copy-rate bound (every rate is what the caps and efficiencies give). */
    public HypervisorModel(BandwidthCurve liveEfficiency, BandwidthCurve postcopyEfficiency,
            double pauseBandwidthBytesPerSec, Duration pauseOverhead, int pageHeaderBytes, int zeroPageBytes,
            Duration earlySync, boolean ownConvergence, BandwidthCurve faultLatency, int resumePages,
            BandwidthCurve resumeStall) {
        this(liveEfficiency, postcopyEfficiency, pauseBandwidthBytesPerSec, pauseOverhead, pageHeaderBytes,
                zeroPageBytes, earlySync, ownConvergence, faultLatency, resumePages, resumeStall, 0, 0, Duration.ZERO, Duration.ZERO);
    }

    /** A model with copy rates and a continuous link (no rate-limiter periods). */
    public HypervisorModel(BandwidthCurve liveEfficiency, BandwidthCurve postcopyEfficiency,
            double pauseBandwidthBytesPerSec, Duration pauseOverhead, int pageHeaderBytes, int zeroPageBytes,
            Duration earlySync, boolean ownConvergence, BandwidthCurve faultLatency, int resumePages,
            BandwidthCurve resumeStall, double copyRateBytesPerSec, double postcopyCopyRateBytesPerSec) {
        this(liveEfficiency, postcopyEfficiency, pauseBandwidthBytesPerSec, pauseOverhead, pageHeaderBytes,
                zeroPageBytes, earlySync, ownConvergence, faultLatency, resumePages, resumeStall, copyRateBytesPerSec,
                postcopyCopyRateBytesPerSec, Duration.ZERO, Duration.ZERO);
    }

    /** A model with copy rates and QEMU's rate limiter, where a zero page costs no time beyond its bytes. */
    public HypervisorModel(BandwidthCurve liveEfficiency, BandwidthCurve postcopyEfficiency,
            double pauseBandwidthBytesPerSec, Duration pauseOverhead, int pageHeaderBytes, int zeroPageBytes,
            Duration earlySync, boolean ownConvergence, BandwidthCurve faultLatency, int resumePages,
            BandwidthCurve resumeStall, double copyRateBytesPerSec, double postcopyCopyRateBytesPerSec,
            Duration rateWindow) {
        this(liveEfficiency, postcopyEfficiency, pauseBandwidthBytesPerSec, pauseOverhead, pageHeaderBytes,
                zeroPageBytes, earlySync, ownConvergence, faultLatency, resumePages, resumeStall, copyRateBytesPerSec,
                postcopyCopyRateBytesPerSec, rateWindow, Duration.ZERO);
    }

    public HypervisorModel {
        Objects.requireNonNull(liveEfficiency, "liveEfficiency");
        Objects.requireNonNull(postcopyEfficiency, "postcopyEfficiency");
        Objects.requireNonNull(faultLatency, "faultLatency");
        Objects.requireNonNull(resumeStall, "resumeStall");
        positive("liveEfficiency", liveEfficiency);
        positive("postcopyEfficiency", postcopyEfficiency);
        if (!(pauseBandwidthBytesPerSec >= 0) || Double.isInfinite(pauseBandwidthBytesPerSec)) {
            throw new IllegalArgumentException("pauseBandwidthBytesPerSec = " + pauseBandwidthBytesPerSec
                    + ": must be a finite number >= 0 (0: the link's share)");
        }
        if (earlySync == null || earlySync.isNegative()) {
            throw new IllegalArgumentException("earlySync = " + earlySync + ": must be >= 0 (0: rounds run to their end)");
        }
        if (pauseOverhead == null || pauseOverhead.isNegative()) {
            throw new IllegalArgumentException("pauseOverhead = " + pauseOverhead + ": must be >= 0");
        }
        if (pageHeaderBytes < 0 || pageHeaderBytes > 4096) {
            throw new IllegalArgumentException("pageHeaderBytes = " + pageHeaderBytes + ": must be in [0, 4096]");
        }
        if (zeroPageBytes < -1 || zeroPageBytes > 4096) {
            throw new IllegalArgumentException("zeroPageBytes = " + zeroPageBytes
                    + ": must be in [0, 4096], or -1 (zero pages not detected)");
        }
        if (!(copyRateBytesPerSec >= 0) || Double.isInfinite(copyRateBytesPerSec)) {
            throw new IllegalArgumentException("copyRateBytesPerSec = " + copyRateBytesPerSec
                    + ": must be a finite number >= 0 (0: unbounded)");
        }
        if (!(postcopyCopyRateBytesPerSec >= 0) || Double.isInfinite(postcopyCopyRateBytesPerSec)) {
            throw new IllegalArgumentException("postcopyCopyRateBytesPerSec = " + postcopyCopyRateBytesPerSec
                    + ": must be a finite number >= 0 (0: the copy rate)");
        }
        if (rateWindow == null || rateWindow.isNegative()) {
            throw new IllegalArgumentException("rateWindow = " + rateWindow + ": must be >= 0 (0: a continuous link)");
        }
        if (zeroPageScan == null || zeroPageScan.isNegative() || zeroPageScan.compareTo(Duration.ofMillis(1)) > 0) {
            throw new IllegalArgumentException("zeroPageScan = " + zeroPageScan
                    + ": must be in [0, 1 ms] (the time the hypervisor spends finding one page to hold only zeros)");
        }
        if (resumePages < 0 || resumePages > 1 << 20) {
            throw new IllegalArgumentException("resumePages = " + resumePages + ": must be in [0, 1048576]");
        }
    }

    private static void positive(String name, BandwidthCurve curve) {
        for (BandwidthCurve.Point p : curve.points()) {
            if (!(p.value() > 0)) {
                throw new IllegalArgumentException(name + " = " + p.value() + " at cap " + p.capBytesPerSec()
                        + ": an efficiency must be > 0");
            }
        }
    }

    /** @return whether zero pages are detected and sent as {@link #zeroPageBytes} */
    public boolean detectsZeroPages() {
        return zeroPageBytes >= 0;
    }

    /**
     * @return the bandwidth achieved while the guest runs, for a migration whose share of the link is
     *         {@code share}: {@code min(share × liveEfficiency(share), copy rate)}
     */
    public double liveBandwidth(double share) {
        return bounded(share * liveEfficiency.at(share, 1));
    }

    /**
     * @return the bandwidth achieved while post-copy pushes pages under a post-copy cap whose share is
     *         {@code share}: {@code min(share × postcopyEfficiency(share), copy rate)}
     */
    public double postcopyBandwidth(double share) {
        double rate = share * (postcopyEfficiency.isEmpty() ? liveEfficiency.at(share, 1)
                : postcopyEfficiency.at(share, 1));
        double bound = postcopyCopyRate();
        return bound > 0 ? Math.min(rate, bound) : rate;
    }

    /**
     * @return what the host moves in post-copy with no cap: its own post-copy rate, else the copy rate; 0:
     *         unbounded
     */
    public double postcopyCopyRate() {
        return postcopyCopyRateBytesPerSec > 0 ? postcopyCopyRateBytesPerSec : copyRateBytesPerSec;
    }

    /**
     * The post-copy phase's rate with the two caps apart.
     *
     * @param share       this migration's share of the pre-copy cap (the whole cap when it migrates alone)
     * @param cap         the pre-copy cap the share is of, &gt; 0
     * @param postcopyCap the post-copy cap of the whole link, &gt;= 0; 0: none (QEMU's default, unlimited)
     * @return with a post-copy cap, {@link #postcopyBandwidth(double)} at the same share of it; without one, the
     *         copy rate, or (no copy rate known, the ideal model) {@link #postcopyBandwidth(double)} at the share
     */
    public double postcopyBandwidth(double share, double cap, double postcopyCap) {
        return postcopyBandwidth(postcopyShare(share, cap, postcopyCap));
    }

    /**
     * @return the nominal rate a post-copy phase runs at, the key its calibrated curves ({@link #faultLatency},
     *         {@link #resumeStall}) are read at: the same share of the post-copy cap; without a post-copy cap the
     *         copy rate (or the pre-copy share, when no copy rate is known)
     */
    public double postcopyShare(double share, double cap, double postcopyCap) {
        if (postcopyCap > 0) {
            return share * postcopyCap / cap;
        }
        double uncapped = postcopyCopyRate();
        return uncapped > 0 ? uncapped : share;
    }

    private double bounded(double rate) {
        return copyRateBytesPerSec > 0 ? Math.min(rate, copyRateBytesPerSec) : rate;
    }

    /** @return the speed of a transfer while the guest is paused, for a share of {@code share} */
    public double pauseBandwidth(double share) {
        return pauseBandwidthBytesPerSec > 0 ? pauseBandwidthBytesPerSec : liveBandwidth(share);
    }

    /** @return this model with another pause speed and overhead */
    public HypervisorModel withPause(double bandwidthBytesPerSec, Duration overhead) {
        return new HypervisorModel(liveEfficiency, postcopyEfficiency, bandwidthBytesPerSec, overhead,
                pageHeaderBytes, zeroPageBytes, earlySync, ownConvergence, faultLatency, resumePages, resumeStall,
                copyRateBytesPerSec, postcopyCopyRateBytesPerSec, rateWindow, zeroPageScan);
    }

    /** @return this model with another wire format: header bytes per page, bytes per zero page (-1: undetected) */
    public HypervisorModel withWireFormat(int headerBytes, int zeroBytes) {
        return new HypervisorModel(liveEfficiency, postcopyEfficiency, pauseBandwidthBytesPerSec, pauseOverhead,
                headerBytes, zeroBytes, earlySync, ownConvergence, faultLatency, resumePages, resumeStall,
                copyRateBytesPerSec, postcopyCopyRateBytesPerSec, rateWindow, zeroPageScan);
    }

    /** @return this model with other achieved-bandwidth curves (live, post-copy) */
    public HypervisorModel withEfficiency(BandwidthCurve live, BandwidthCurve postcopy) {
        return new HypervisorModel(live, postcopy, pauseBandwidthBytesPerSec, pauseOverhead, pageHeaderBytes,
                zeroPageBytes, earlySync, ownConvergence, faultLatency, resumePages, resumeStall,
                copyRateBytesPerSec, postcopyCopyRateBytesPerSec, rateWindow, zeroPageScan);
    }

    /** @return this model with another round rule */
    public HypervisorModel withRoundRule(Duration newEarlySync, boolean newOwnConvergence) {
        return new HypervisorModel(liveEfficiency, postcopyEfficiency, pauseBandwidthBytesPerSec, pauseOverhead,
                pageHeaderBytes, zeroPageBytes, newEarlySync, newOwnConvergence, faultLatency, resumePages,
                resumeStall, copyRateBytesPerSec, postcopyCopyRateBytesPerSec, rateWindow, zeroPageScan);
    }

    /** @return this model with another post-copy behaviour */
    public HypervisorModel withPostcopy(BandwidthCurve newFaultLatency, int newResumePages,
            BandwidthCurve newResumeStall) {
        return new HypervisorModel(liveEfficiency, postcopyEfficiency, pauseBandwidthBytesPerSec, pauseOverhead,
                pageHeaderBytes, zeroPageBytes, earlySync, ownConvergence, newFaultLatency, newResumePages,
                newResumeStall, copyRateBytesPerSec, postcopyCopyRateBytesPerSec, rateWindow, zeroPageScan);
    }

    /**
     * @param bytesPerSec what the host moves with no cap (the CPU-bound rate of an uncapped migration), &gt;= 0;
     *                    0: unbounded
     * @return this model with another copy rate
     */
    public HypervisorModel withCopyRate(double bytesPerSec) {
        return withCopyRates(bytesPerSec, postcopyCopyRateBytesPerSec);
    }

    /**
     * @param liveBytesPerSec     the copy rate (pre-copy, and post-copy unless the next is set), &gt;= 0; 0: unbounded
     * @param postcopyBytesPerSec the post-copy phase's own copy rate, &gt;= 0; 0: the first
     * @return this model with other copy rates
     */
    public HypervisorModel withCopyRates(double liveBytesPerSec, double postcopyBytesPerSec) {
        return new HypervisorModel(liveEfficiency, postcopyEfficiency, pauseBandwidthBytesPerSec, pauseOverhead,
                pageHeaderBytes, zeroPageBytes, earlySync, ownConvergence, faultLatency, resumePages, resumeStall,
                liveBytesPerSec, postcopyBytesPerSec, rateWindow, zeroPageScan);
    }

    /**
     * @param window QEMU's rate-limiter period ({@link #QEMU_RATE_WINDOW}); ZERO: a continuous link
     * @return this model with pre-copy sent in rate-limiter periods (see {@link #rateWindow})
     */
    public HypervisorModel withRateWindow(Duration window) {
        return new HypervisorModel(liveEfficiency, postcopyEfficiency, pauseBandwidthBytesPerSec, pauseOverhead,
                pageHeaderBytes, zeroPageBytes, earlySync, ownConvergence, faultLatency, resumePages, resumeStall,
                copyRateBytesPerSec, postcopyCopyRateBytesPerSec, window, zeroPageScan);
    }

    /**
     * @param perPage the time the hypervisor spends on a page that holds only zeros (QEMU: reading it to find so,
     *                on both ends), beyond its header's bytes; ZERO: none
     * @return this model with another zero-page scan cost
     */
    public HypervisorModel withZeroPageScan(Duration perPage) {
        return new HypervisorModel(liveEfficiency, postcopyEfficiency, pauseBandwidthBytesPerSec, pauseOverhead,
                pageHeaderBytes, zeroPageBytes, earlySync, ownConvergence, faultLatency, resumePages, resumeStall,
                copyRateBytesPerSec, postcopyCopyRateBytesPerSec, rateWindow, perPage);
    }

    /** @return the zero-page scan cost in seconds per page */
    public double zeroPageScanSeconds() {
        return zeroPageScan.toNanos() / 1e9;
    }

    /**
     * The speed of a page the destination has never held, while the guest is paused: the destination must
     * allocate and zero-fill its memory on first touch, which bounds a first arrival at the host's copy rate
     * (measured by a first pass, whose pages all arrive for the first time), while a page it already holds is
     * overwritten at the pause's speed.
     *
     * @return the copy rate when it is known and below the pause's speed, else the pause's speed at {@code share}
     */
    public double coldPauseBandwidth(double share) {
        double pause = pauseBandwidth(share);
        return copyRateBytesPerSec > 0 && copyRateBytesPerSec < pause ? copyRateBytesPerSec : pause;
    }

    /** @return whether pre-copy sends in rate-limiter periods with the pending check at their starts (QEMU) */
    public boolean windowed() {
        return !rateWindow.isZero();
    }

    /**
     * @return the speed a burst of pre-copy pages moves at while the guest runs: the copy rate, or, when none is
     *         known, the pause's speed, or the achieved bandwidth at {@code share}
     */
    public double burstBandwidth(double share) {
        if (copyRateBytesPerSec > 0) {
            return copyRateBytesPerSec;
        }
        return pauseBandwidthBytesPerSec > 0 ? pauseBandwidthBytesPerSec : liveBandwidth(share);
    }
}

package io.ferry.qemu.testbed;

import io.ferry.api.HypervisorException;
import io.ferry.api.MigrationPolicy;
import io.ferry.api.model.Capability;
import io.ferry.api.model.DirtyBehaviour;
import io.ferry.api.model.HostId;
import io.ferry.api.model.VmId;
import io.ferry.api.model.VmState;
import io.ferry.compare.EngineProfile;
import io.ferry.compare.GuestScenario;
import io.ferry.engine.BandwidthCurve;
import io.ferry.engine.EngineSettings;
import io.ferry.engine.HypervisorModel;
import io.ferry.qemu.DirtyRateSample;
import io.ferry.qemu.GuestSpec;
import io.ferry.qemu.Heartbeat;
import io.ferry.qemu.QemuMigrationReport;
import io.ferry.qemu.WriterMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Measures the {@code qemu-tcg} engine profile on this machine: a fixed set of calibration migrations, none of
 * them a fidelity scenario, from which each figure of the {@link HypervisorModel} and of the guests' own behaviour
 * is computed by a stated formula (never fitted to the fidelity results):
 * <ul>
 * <li><b>idle 512 MiB guest</b> (256 MiB workload), pre-copy twice at each cap: the live efficiency
 * {@code (transferred - re-sent pages x 4104 - the kernel's top memory x 4104) / (total - downtime) / cap} (both go in
 * the pause: the pass reaches the top of memory after the zero memory, once the rest fits the budget); the non-zero memory
 * {@code (transferred - 9 B x pages - re-sent x 4104) / 4095}, less the workload, is the kernel's; the kernel's own
 * dirty pages per round are the re-sent pages; its write rate comes from calc-dirty-rate samples of the idle guest
 * (the rate whose distinct pages per 200 ms over that hot set match their mean);</li>
 * <li>the same guest in post-copy three times at each cap: the post-copy efficiency {@code transferred / (total - pause
 * overhead) / cap}; the fault latency {@code blocktime / requests}; the resume stall, the heartbeat pause less the
 * pause overhead;</li>
 * <li><b>idle 256 MiB guest</b> (96 MiB workload), pre-copy at 64 MiB/s: a second guest size, so the kernel's
 * memory splits into a fixed part and a part per MiB of guest;</li>
 * <li><b>a moderate writer</b> (512 MiB, 3 k uniform writes/s) pre-copied twice at 64 MiB/s, and a <b>heavy
 * writer</b> (256 MiB guest, 40 k uniform writes/s over 128 MiB) pre-copied twice forced after one round: the pause's
 * speed and fixed overhead from the small and the big pauses, {@code d = overhead + bytes / speed}; then a five-round
 * pre-copy of the heavy writer: with the moderate writer's, the time per round that their bytes do not explain
 * (median), the sync cost;</li>
 * <li>each writer mode at full speed: the workload's heartbeat write rate (median over 2 s);</li>
 * <li><b>uncapped</b> (max-bandwidth {@value GuestScenario#UNLIMITED_MIBPS} MiB/s, a limiter that never binds, and
 * max-postcopy-bandwidth 0, QEMU's default): a freshly booted idle 512 MiB guest pre-copied three times in a chain,
 * then post-copied twice: the host's copy rate {@code (transferred - zero headers - re-sent x 4104) / (total - pause
 * overhead - zero pages x scan - re-sent / pause speed)}, since every non-zero page arrives for the first time, at
 * the copy rate before or in the pause (median of the chain; the first, often slower, is stated in the sources), which bounds every achieved
 * rate in the engine; the uncapped post-copies' {@code transferred / (total - pause overhead)} (median) is the
 * post-copy phase's own copy rate, and their fault latency and resume stall become the post-copy curves' point at
 * that rate.</li>
 * </ul>
 * QEMU's wire format (an 8-byte header per page, a zero page as its header and one byte), its round rule (an
 * iteration of at most 50 ms, MAX_WAIT; completion once the pending pages fit the budget) and the resume set's size
 * (128 pages spread over memory: the resolution of the missing share) are QEMU's and the model's constants, stated in
 * the profile's sources. Cost: about three minutes on a 2-core machine, one QEMU guest at a time.
 */
public final class Calibration {

    /** The caps measured, MiB/s. */
    public static final List<Integer> CAPS = List.of(32, 64, 128);
    private static final double MIB = 1 << 20;
    /** QEMU's bytes per page on the wire: the page and its 8-byte header. */
    static final int PAGE_WIRE = 4096 + 8;
    /** QEMU's bytes per zero page: the header and one byte. */
    static final int ZERO_WIRE = 9;
    /** The resume set's size: the resolution of the share of it that is missing. */
    static final int RESUME_PAGES = 128;
    /**
     * QEMU's time per zero page beyond its header (reading it to find it zero, on both ends): traced, not measured
     * by this calibration (see its source in the profile).
     */
    static final Duration ZERO_PAGE_SCAN = Duration.ofNanos(540);
    /**
     * The non-zero memory at the top of an idle 512 MiB testbed guest, above its zero memory (the Linux kernel's
     * top-down early allocations), MiB: from a dump of guest memory, not measured by this calibration.
     */
    static final double NON_ZERO_TOP_MIB = 11.4;

    private final Testbed testbed;
    private final FidelityRunner.Listener listener;
    private final List<String[]> raw = new ArrayList<>();

    /**
     * @param testbed  an open testbed whose pool cap allows 128 MiB/s
     * @param listener hears each measurement
     */
    public Calibration(Testbed testbed, FidelityRunner.Listener listener) {
        this.testbed = Objects.requireNonNull(testbed, "testbed");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The measurements behind a figure, as the calibration keeps them. */
    record Migration(String experiment, double capMiBps, String policy, double totalMs, double downtimeMs,
            double heartbeatPauseMs, long transferred, long pagesSent, long pagesResent, int rounds, long requests,
            double blocktimeMs, double pausedBytes) {

        /** @return this measurement with the bytes its pause sent, when known */
        Migration withPausedBytes(double bytes) {
            return new Migration(experiment, capMiBps, policy, totalMs, downtimeMs, heartbeatPauseMs, transferred,
                    pagesSent, pagesResent, rounds, requests, blocktimeMs, bytes);
        }

        static Migration of(String experiment, double cap, MeasuredMigration m) {
            QemuMigrationReport r = m.report();
            var metrics = m.outcome().metrics();
            return new Migration(experiment, cap, m.policy(), r.totalTime().toNanos() / 1e6,
                    metrics.map(x -> x.downtime().toNanos() / 1e6).orElse(Double.NaN),
                    r.heartbeatPause().map(d -> d.toNanos() / 1e6).orElse(Double.NaN), r.transferredBytes(),
                    metrics.map(x -> x.pagesSent()).orElse(0L), metrics.map(x -> x.pagesResent()).orElse(0L),
                    r.rounds(), r.postcopyRequests(), r.postcopyBlocktime().map(d -> d.toNanos() / 1e6).orElse(0.0),
                    Double.NaN);
        }
    }

    /**
     * Runs the calibration migrations and computes the profile.
     *
     * @param provenance where and how it ran (added to the profile)
     */
    public EngineProfile run(Map<String, String> provenance) throws HypervisorException, InterruptedException {
        Map<String, String> sources = new TreeMap<>();
        InstalledPolicies installed = InstalledPolicies.find();
        MigrationPolicy precopy = installed.create("precopy", Map.of());
        MigrationPolicy postcopy = installed.create("postcopy", Map.of());

        // 1. the idle 512 MiB guest: live efficiency, kernel memory, the kernel's writes; then post-copy
        GuestSpec idle = spec("calib-idle", 512, 256, WriterMode.IDLE, 0, 16);
        List<Migration> idlePre = new ArrayList<>();
        List<Migration> idlePost = new ArrayList<>();
        double systemDirtyRate;
        VmId vm = boot(idle);
        try {
            List<DirtyRateSample> samples = testbed.sampleDirtyRate(vm, 10, TestbedScenario.DEFAULT_WINDOW);
            // the mean: an idle guest's samples are 0, 256 or 512 pages/s (a few sampled pages), a median too coarse
            systemDirtyRate = samples.stream().mapToDouble(DirtyRateSample::pagesPerSecond).average().orElse(0);
            for (int cap : CAPS) {
                for (int i = 0; i < 2; i++) {
                    idlePre.add(migrate("idle-512", vm, precopy, cap));
                }
            }
            for (int cap : CAPS) {
                for (int i = 0; i < 3; i++) {
                    idlePost.add(migrate("idle-512", vm, postcopy, cap));
                }
            }
        } finally {
            testbed.stop(vm);
        }

        // 2. the idle 256 MiB guest: the kernel memory of a second size
        GuestSpec small = spec("calib-small", 256, 96, WriterMode.IDLE, 0, 16);
        Migration smallPre;
        vm = boot(small);
        try {
            smallPre = migrate("idle-256", vm, precopy, 64);
        } finally {
            testbed.stop(vm);
        }

        // 3. a moderate writer's small pauses and a heavy writer's big ones: the pause's overhead and speed; then the
        // per-round sync cost
        GuestSpec moderate = spec("calib-moderate", 512, 256, WriterMode.UNIFORM, 3_000, 16);
        List<Migration> moderatePre = new ArrayList<>();
        vm = boot(moderate);
        try {
            for (int i = 0; i < 2; i++) {
                moderatePre.add(migrate("moderate-512", vm, precopy, 64));
            }
        } finally {
            testbed.stop(vm);
        }
        GuestSpec heavy = spec("calib-heavy", 256, 128, WriterMode.UNIFORM, 40_000, 16);
        List<Migration> forced = new ArrayList<>();
        Migration fiveRounds;
        vm = boot(heavy);
        try {
            for (int i = 0; i < 2; i++) {
                forced.add(migrate("heavy-256", vm, installed.create("precopy", Map.of("maxRounds", 1)), 64));
            }
            fiveRounds = migrate("heavy-256", vm, precopy, 64);
        } finally {
            testbed.stop(vm);
        }

        // 4. the workload's full speed in each mode
        Map<String, Double> maxRates = new LinkedHashMap<>();
        maxRates.put("uniform", fullSpeed(spec("calib-uniform", 256, 128, WriterMode.UNIFORM, 0, 16)));
        maxRates.put("sweep", fullSpeed(spec("calib-sweep", 256, 128, WriterMode.SWEEP, 0, 16)));
        maxRates.put("hotcold", fullSpeed(spec("calib-hotcold", 256, 128, WriterMode.HOT_COLD, 0, 64)));

        // 5. uncapped: the host's own copy rate, first and later migrations of a chain; uncapped post-copy
        List<Migration> uncappedPre = new ArrayList<>();
        List<Migration> uncappedPost = new ArrayList<>();
        vm = boot(spec("calib-uncapped", 512, 256, WriterMode.IDLE, 0, 16));
        try {
            for (int i = 0; i < 3; i++) {
                uncappedPre.add(migrate("uncapped-512", vm, precopy, GuestScenario.UNLIMITED_MIBPS, 0));
            }
            for (int i = 0; i < 2; i++) {
                uncappedPost.add(migrate("uncapped-512", vm, postcopy, GuestScenario.UNLIMITED_MIBPS, 0));
            }
        } finally {
            testbed.stop(vm);
        }

        return profile(idlePre, idlePost, smallPre, moderatePre, forced, fiveRounds, systemDirtyRate, maxRates,
                uncappedPre, uncappedPost, testbed.pool().capabilities(), provenance, sources);
    }

    /**
     * @return the rate a capped idle pre-copy moved while the guest ran, bytes/s: {@code (transferred - re-sent x
     *         4104 - top x 4104) / (total - downtime)}; the re-sent pages and the kernel's memory at the top of the
     *         guest ({@link #NON_ZERO_TOP_MIB}, which the pass reaches after the zero memory, once the rest fits the
     *         budget) go in the pause
     */
    static double liveRate(Migration m) {
        double top = NON_ZERO_TOP_MIB * 256 * PAGE_WIRE;
        return (m.transferred() - m.pagesResent() * (double) PAGE_WIRE - top) / ((m.totalMs() - m.downtimeMs()) / 1e3);
    }

    /**
     * @return the host's copy rate from an uncapped idle pre-copy of a 512 MiB guest, bytes/s: every non-zero page
     *         arrives for the first time, at the copy rate whether before or during the pause (the destination's
     *         first touch), so {@code (transferred - zero headers - re-sent x 4104) / (total - pause overhead - zero
     *         pages x scan - re-sent x 4104 / pause speed)}: where QEMU stopped the guest does not matter
     */
    static double copyRate(Migration m, double overhead, double pauseSpeed) {
        int guestPages = 512 * 256;
        double nonZeroPages = nonZeroMiB(m, guestPages) * 256;
        double zeroPages = Math.max(0, guestPages - nonZeroPages);
        double resent = m.pagesResent() * (double) PAGE_WIRE;
        double cold = m.transferred() - zeroPages * ZERO_WIRE - resent;
        double time = m.totalMs() / 1e3 - overhead - zeroPages * ZERO_PAGE_SCAN.toNanos() / 1e9 - resent / pauseSpeed;
        return cold / Math.max(1e-3, time);
    }

    /** Computes the profile from the measurements; see the class comment for each formula. */
    static EngineProfile profile(List<Migration> idlePre, List<Migration> idlePost, Migration smallPre,
            List<Migration> moderatePre, List<Migration> forced, Migration fiveRounds, double systemDirtyRate,
            Map<String, Double> maxRates, List<Migration> uncappedPre, List<Migration> uncappedPost,
            Set<Capability> capabilities, Map<String, String> provenance, Map<String, String> sources) {
        int guestPages = 512 * 256;
        // the kernel's memory at two guest sizes
        double kernel512 = median(idlePre.stream().mapToDouble(m -> nonZeroMiB(m, guestPages) - 256).toArray());
        double kernel256 = nonZeroMiB(smallPre, 256 * 256) - 96;
        double perGuest = Math.max(0, (kernel512 - kernel256) / 256);
        double base = Math.max(0, kernel256 - perGuest * 256);
        sources.put("guest.kernelMiB", String.format(Locale.ROOT, "idle pre-copy: non-zero pages = (transferred - %d B"
                + " x pages - re-sent x %d) / 4095, less the workload: %.1f MiB (512 MiB guest, median of %d), %.1f MiB"
                + " (256 MiB guest)", ZERO_WIRE, PAGE_WIRE, kernel512, idlePre.size(), kernel256));

        // the pause: d = overhead + bytes / speed, from a moderate writer's small pauses and a heavy writer's big ones
        double smallDown = median(moderatePre.stream().mapToDouble(Migration::downtimeMs).toArray()) / 1e3;
        double smallBytes = median(moderatePre.stream().mapToDouble(Migration::pausedBytes).toArray());
        double forcedBytes = median(forced.stream().mapToDouble(Migration::pausedBytes).toArray());
        double forcedDown = median(forced.stream().mapToDouble(Migration::downtimeMs).toArray()) / 1e3;
        double speed = (forcedBytes - smallBytes) / Math.max(1e-3, forcedDown - smallDown);
        double overhead = Math.max(0, smallDown - smallBytes / speed);
        double idleDown = median(idlePre.stream().mapToDouble(Migration::downtimeMs).toArray()) / 1e3;
        sources.put("hypervisor.pause", String.format(Locale.ROOT, "a moderate writer's pre-copy pauses (512 MiB, 3 k "
                + "writes/s, 64 MiB/s, median of %d: %.1f ms for %.1f MiB, the pages pending at the last round's "
                + "report) and a heavy writer's pre-copy forced after one round (median of %d: %.1f ms for %.1f MiB, "
                + "the bytes sent after that round's report): speed %.0f MiB/s, overhead %.1f ms. An idle guest's "
                + "pauses are longer (median %.1f ms): the kernel's memory at the top of the guest, never sent before, "
                + "goes in the pause at the copy rate (hypervisor.coldPause, guest.nonZeroTopMiB)", moderatePre.size(),
                smallDown * 1e3, smallBytes / MIB, forced.size(), forcedDown * 1e3, forcedBytes / MIB, speed / MIB,
                overhead * 1e3, idleDown * 1e3));

        // live and post-copy efficiency, fault latency, resume stall, by cap
        List<BandwidthCurve.Point> live = new ArrayList<>();
        List<BandwidthCurve.Point> post = new ArrayList<>();
        List<BandwidthCurve.Point> latency = new ArrayList<>();
        List<BandwidthCurve.Point> resume = new ArrayList<>();
        StringBuilder liveSource = new StringBuilder("idle 512 MiB pre-copy: (transferred - re-sent x 4104 - the "
                + "top " + NON_ZERO_TOP_MIB + " MiB x 4104 / 4096, both sent in the pause) / (total - downtime) / cap:");
        StringBuilder postSource = new StringBuilder("idle 512 MiB post-copy, three times at each cap (medians): "
                + "transferred / (total - overhead) / cap:");
        StringBuilder latencySource = new StringBuilder("idle 512 MiB post-copy: postcopy-blocktime / "
                + "postcopy-requests (median of 3):");
        StringBuilder resumeSource = new StringBuilder("idle 512 MiB post-copy: heartbeat pause - overhead:");
        for (int cap : CAPS) {
            double c = cap * MIB;
            double[] eff = idlePre.stream().filter(m -> m.capMiBps() == cap)
                    .mapToDouble(m -> liveRate(m) / c).toArray();
            live.add(new BandwidthCurve.Point(c, median(eff)));
            liveSource.append(String.format(Locale.ROOT, " %d MiB/s %.3f;", cap, median(eff)));
            List<Migration> posts = idlePost.stream().filter(m -> m.capMiBps() == cap).toList();
            if (!posts.isEmpty()) {
                double pe = median(posts.stream().mapToDouble(m -> m.transferred() / ((m.totalMs() / 1e3) - overhead)
                        / c).toArray());
                post.add(new BandwidthCurve.Point(c, pe));
                postSource.append(String.format(Locale.ROOT, " %d MiB/s %.3f;", cap, pe));
                double[] l = posts.stream().filter(m -> m.requests() > 0)
                        .mapToDouble(m -> m.blocktimeMs() / m.requests() / 1e3).toArray();
                if (l.length > 0) {
                    latency.add(new BandwidthCurve.Point(c, median(l)));
                    latencySource.append(String.format(Locale.ROOT, " %d MiB/s %.2f ms;", cap, median(l) * 1e3));
                }
                double[] pauses = posts.stream().mapToDouble(Migration::heartbeatPauseMs).filter(d -> !Double.isNaN(d))
                        .toArray();
                if (pauses.length > 0) {
                    double stall = Math.max(0, median(pauses) / 1e3 - overhead);
                    resume.add(new BandwidthCurve.Point(c, stall));
                    resumeSource.append(String.format(Locale.ROOT, " %d MiB/s %.0f ms (pauses %s ms);", cap,
                            stall * 1e3, java.util.Arrays.toString(java.util.Arrays.stream(pauses)
                                    .mapToLong(Math::round).toArray())));
                }
            }
        }
        // the host's own copy rate: the median of the uncapped idle pre-copies of a chain (they scatter by a factor
        // of 8 on this machine, 368 to 3040 MiB/s in one run: the median of all, not the mean of two); the uncapped
        // post-copies' fault latency and resume stall are the post-copy curves' point at that rate
        double copyRate = 0;
        double postcopyCopyRate = 0;
        if (uncappedPre.size() >= 2) {
            copyRate = median(uncappedPre.stream().mapToDouble(m -> copyRate(m, overhead, speed)).toArray());
            double first = copyRate(uncappedPre.get(0), overhead, speed);
            StringBuilder copySource = new StringBuilder(String.format(Locale.ROOT, "idle 512 MiB pre-copy with "
                    + "max-bandwidth %.0f MiB/s (never binds), a chain of %d on a freshly booted guest: every non-zero "
                    + "page arrives for the first time, at the copy rate before or in the pause (the destination's "
                    + "first touch), so (transferred - zero headers - re-sent x 4104) / (total - pause overhead - zero "
                    + "pages x scan - re-sent / pause speed) = %.0f MiB/s for the first, %s MiB/s for the later ones; "
                    + "the median of all of them, %.0f MiB/s, is the copy rate (they scatter widely; the first of a chain is "
                    + "often the slowest)",
                    GuestScenario.UNLIMITED_MIBPS, uncappedPre.size(), first / MIB,
                    uncappedPre.subList(1, uncappedPre.size()).stream()
                            .map(m -> String.format(Locale.ROOT, "%.0f", copyRate(m, overhead, speed) / MIB)).toList(),
                    copyRate / MIB));
            if (!uncappedPost.isEmpty()) {
                postcopyCopyRate = median(uncappedPost.stream().mapToDouble(m -> m.transferred()
                        / Math.max(1e-3, m.totalMs() / 1e3 - overhead)).toArray());
                copySource.append(String.format(Locale.ROOT, "; uncapped post-copy (max-postcopy-bandwidth 0, median of"
                        + " %d): transferred / (total - overhead) = %.0f MiB/s, the post-copy copy rate",
                        uncappedPost.size(), postcopyCopyRate / MIB));
                double rateKey = postcopyCopyRate;
                if (latency.stream().noneMatch(p -> p.capBytesPerSec() == rateKey)) {
                    double[] l = uncappedPost.stream().filter(m -> m.requests() > 0)
                            .mapToDouble(m -> m.blocktimeMs() / m.requests() / 1e3).toArray();
                    if (l.length > 0) {
                        latency.add(new BandwidthCurve.Point(postcopyCopyRate, median(l)));
                        latencySource.append(String.format(Locale.ROOT, " uncapped (at the post-copy copy rate) "
                                + "%.2f ms;", median(l) * 1e3));
                    }
                }
                if (resume.stream().noneMatch(p -> p.capBytesPerSec() == rateKey)) {
                    double[] pauses = uncappedPost.stream().mapToDouble(Migration::heartbeatPauseMs)
                            .filter(d -> !Double.isNaN(d)).toArray();
                    if (pauses.length > 0) {
                        double stall = Math.max(0, median(pauses) / 1e3 - overhead);
                        resume.add(new BandwidthCurve.Point(postcopyCopyRate, stall));
                        resumeSource.append(String.format(Locale.ROOT, " uncapped (at the post-copy copy rate) "
                                + "%.0f ms;", stall * 1e3));
                    }
                }
            }
            sources.put("hypervisor.copyRate", copySource.toString());
        }
        sources.put("hypervisor.liveEfficiency", trim(liveSource));
        sources.put("hypervisor.postcopyEfficiency", trim(postSource));
        sources.put("hypervisor.faultLatency", trim(latencySource));
        sources.put("hypervisor.resumeStall", trim(resumeSource) + "; spread over " + RESUME_PAGES
                + " pages: a hybrid waits for the share still missing");
        BandwidthCurve liveCurve = new BandwidthCurve(live);

        // between rounds: the dirty-log sync itself is under a millisecond (QEMU's trace events), so a round costs
        // nothing beyond its rate-limiter periods; what multi-round pre-copies' time does not explain by their bytes
        // at the achieved bandwidth is kept as a diagnostic: it is the periods' rounding (a round lasts whole periods)
        List<Migration> multi = new ArrayList<>(moderatePre);
        multi.add(fiveRounds);
        double[] perRound = multi.stream().filter(m -> m.rounds() > 1 && !Double.isNaN(m.pausedBytes()))
                .mapToDouble(m -> {
                    double liveBytes = m.transferred() - m.pausedBytes();
                    double c = m.capMiBps() * MIB;
                    double explained = liveBytes / (c * liveCurve.at(c, 1));
                    return ((m.totalMs() - m.downtimeMs()) / 1e3 - explained) / m.rounds();
                }).toArray();
        sources.put("settings.roundSyncCost", String.format(Locale.ROOT, "0: QEMU's dirty-log sync took 0.07-0.9 ms "
                + "for a 512 MiB guest in one traced run of 2026-12-07 (trace events "
                + "migration_bitmap_sync_start/end, -msg timestamp=on; a fact of QEMU, not measured by this "
                + "calibration); the "
                + "time multi-round pre-copies spend beyond their live bytes at the achieved bandwidth, ((total - "
                + "downtime) - live bytes / bandwidth) / rounds = %s ms, is the rate limiter's periods (a round ends "
                + "only when a period starts or an iteration ends: hypervisor.rateWindow), not a cost per round",
                java.util.Arrays.toString(java.util.Arrays.stream(perRound).mapToLong(v -> Math.round(v * 1e3))
                        .toArray())));
        sources.put("hypervisor.rateWindow", "QEMU's BUFFER_DELAY (migration/migration.c): 100 ms periods, each "
                + "allowing max-bandwidth / 10 bytes, sent as fast as the host copies, then the migration thread "
                + "sleeps to the period's end (one traced run of 2026-12-07, not this calibration: "
                + "migration_rate_limit_pre showed 38-93 ms sleeps per 100 ms at 128 MiB/s); the pending check "
                + "runs at each period's start and after iterations of at most 50 ms (MAX_WAIT)");

        // the kernel's own writes: its hot set is what an idle round re-sends; its rate matches calc-dirty-rate
        int hot = (int) Math.max(1, Math.round(median(idlePre.stream().mapToDouble(Migration::pagesResent).toArray())));
        double distinct = systemDirtyRate * 0.2;
        double rate = distinct >= hot ? 10.0 * hot / 0.2 : -hot / 0.2 * Math.log1p(-distinct / hot);
        sources.put("guest.system", String.format(Locale.ROOT, "idle guest: %d pages re-sent per pre-copy round "
                + "(median), calc-dirty-rate mean %.0f pages/s (10 x 200 ms): %.0f writes/s over that hot set dirty as "
                + "many distinct pages per 200 ms", hot, systemDirtyRate, rate));
        sources.put("guest.maxWritesPerSecond", "the workload at full speed, median heartbeat writes/s over 2 s: "
                + maxRates);
        sources.put("hypervisor.wire", "QEMU's RAM stream: an 8-byte header per page (RAM_SAVE_FLAG_PAGE), a zero "
                + "page as its header and one byte (RAM_SAVE_FLAG_ZERO)");
        sources.put("hypervisor.roundRule", "QEMU's migration_iteration_run: at each period's start and between "
                + "iterations of at most 50 ms (MAX_WAIT) it syncs once the pending estimate fits bandwidth x "
                + "downtime-limit, and completes when the exact pending does");

        sources.put("hypervisor.zeroPageScan", String.format(Locale.ROOT, "%.2f us per zero page: a 512 MiB idle guest "
                + "with a 1 MiB workload pre-copied at 128 MiB/s, QEMU's pending estimate fell by 413.5 MiB of zero pages "
                + "in one 57 ms iteration (trace event migrate_pending_estimate; one traced run of 2026-12-07 with "
                + "qemu-testbed/src/main/python/probe.py, not this calibration)", ZERO_PAGE_SCAN.toNanos() / 1e3));
        sources.put("hypervisor.coldPause", "a page the destination never held arrives at the copy rate, also in the "
                + "pause (its first touch allocates memory): an idle guest's RAM save in the pause took 26-37 ms for "
                + "the 10.5-13.1 MB QEMU had not reached, 3.3-4.5 ms with the destination's memory preallocated "
                + "(-mem-prealloc), traced (vmstate_downtime_save) on 2026-12-07 with probe.py, not this calibration");
        sources.put("guest.nonZeroTopMiB", String.format(Locale.ROOT, "%.1f MiB of non-zero pages above the highest "
                + "zero stretch of an idle 512 MiB guest (256 MiB workload): the kernel's top-down early allocations; "
                + "from a pmemsave dump of guest memory (qemu-testbed/src/main/python/memory-layout.py, 2026-12-07), "
                + "not this calibration", NON_ZERO_TOP_MIB));

        HypervisorModel model = HypervisorModel.IDEAL
                .withEfficiency(liveCurve, new BandwidthCurve(post))
                .withPause(speed, Duration.ofNanos(Math.round(overhead * 1e9)))
                .withWireFormat(8, ZERO_WIRE)
                .withRoundRule(Duration.ofMillis(50), true)
                .withPostcopy(new BandwidthCurve(latency), RESUME_PAGES, new BandwidthCurve(resume))
                .withCopyRates(copyRate, postcopyCopyRate)
                .withRateWindow(HypervisorModel.QEMU_RATE_WINDOW)
                .withZeroPageScan(ZERO_PAGE_SCAN);
        EngineSettings settings = new EngineSettings().withHypervisor(model);
        EngineProfile.Guest guest = new EngineProfile.Guest(base, perGuest, rate, hot, maxRates, NON_ZERO_TOP_MIB);
        sources.put("capabilities", "the QEMU pool's own: " + capabilities.stream().sorted().toList());
        return new EngineProfile("qemu-tcg", provenance.getOrDefault("qemu", "QEMU") + " under TCG on "
                + provenance.getOrDefault("cpus", "2") + " cores: the project's QEMU testbed", settings, capabilities,
                guest, provenance, sources);
    }

    /** @return the non-zero memory an idle pre-copy sent, MiB */
    static double nonZeroMiB(Migration m, int guestPages) {
        double nonZeroPages = (m.transferred() - (double) ZERO_WIRE * guestPages - (double) m.pagesResent() * PAGE_WIRE)
                / (PAGE_WIRE - ZERO_WIRE);
        return nonZeroPages / 256;
    }

    private static String trim(StringBuilder b) {
        String s = b.toString();
        return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static GuestSpec spec(String name, int guestMiB, int workloadMiB, WriterMode mode, long rate, int hot) {
        return GuestSpec.of(name, guestMiB, workloadMiB).withWriter(mode, rate, hot)
                .withHeartbeat(FidelityRunner.HEARTBEAT_MILLIS, FidelityRunner.CHECK_SECONDS);
    }

    private VmId boot(GuestSpec spec) throws HypervisorException {
        Duration d = testbed.boot(spec, Testbed.host(0));
        listener.line(String.format("calibration: booted %s (%d MiB, %s) in %.1f s", spec.name(), spec.guestMemoryMiB(),
                spec.mode().kernelName(), d.toMillis() / 1e3));
        return new VmId(spec.name());
    }

    private MeasuredMigration migrateMeasured(VmId vm, MigrationPolicy policy, double cap, double postcopyCap)
            throws HypervisorException {
        HostId at = testbed.pool().snapshot().vm(vm).flatMap(VmState::residentOn)
                .orElseThrow(() -> new HypervisorException("VM_NOT_RUNNING", vm + " runs nowhere", null));
        HostId next = Testbed.host(Testbed.HOSTS.indexOf(at.value()) + 1);
        MeasuredMigration m = testbed.migrate(vm, next, policy, cap, postcopyCap, TestbedScenario.DEFAULT_BUDGET,
                new DirtyBehaviour(0, 0, DirtyBehaviour.Source.ASSUMED));
        listener.line(String.format(Locale.ROOT, "calibration %s at %.0f MiB/s: %s", vm, cap, m.summary()));
        if (!m.integrity().intact()) {
            throw new HypervisorException("NOT_INTACT", vm + " after " + policy.name() + ": "
                    + m.integrity().message(), null);
        }
        return m;
    }

    /** A calibration migration with both caps at {@code cap}, as the capped measurements were made. */
    private Migration migrate(String experiment, VmId vm, MigrationPolicy policy, double cap)
            throws HypervisorException {
        return migrate(experiment, vm, policy, cap, cap);
    }

    private Migration migrate(String experiment, VmId vm, MigrationPolicy policy, double cap, double postcopyCap)
            throws HypervisorException {
        MeasuredMigration m = migrateMeasured(vm, policy, cap, postcopyCap);
        Migration x = Migration.of(experiment, cap, m);
        var reports = m.report().roundReports();
        if (policy.name().equals("precopy") && !reports.isEmpty()) {
            var last = reports.get(reports.size() - 1);
            // a forced stop sends everything after the round it followed; QEMU's own stop, what that round left
            x = x.withPausedBytes(experiment.startsWith("heavy") ? m.report().transferredBytes() - last.bytesSentTotal()
                    : last.pendingPages() * (double) PAGE_WIRE);
        } else if (policy.name().equals("precopy")) {
            x = x.withPausedBytes(m.report().rounds() > 0 ? x.pagesResent() * (double) PAGE_WIRE : 0);
        }
        record(x);
        return x;
    }

    private void record(Migration m) {
        raw.add(new String[] {m.experiment(), fmt(m.capMiBps()), m.policy(), fmt(m.totalMs()), fmt(m.downtimeMs()),
                fmt(m.heartbeatPauseMs()), Long.toString(m.transferred()), Long.toString(m.pagesSent()),
                Long.toString(m.pagesResent()), Integer.toString(m.rounds()), Long.toString(m.requests()),
                fmt(m.blocktimeMs()), fmt(m.pausedBytes())});
    }

    private double fullSpeed(GuestSpec spec) throws HypervisorException, InterruptedException {
        VmId vm = boot(spec);
        try {
            Thread.sleep(3000);
            List<Heartbeat> hb = testbed.pool().heartbeats(vm);
            double[] wps = hb.subList(Math.max(0, hb.size() - 100), hb.size()).stream()
                    .mapToDouble(Heartbeat::writesPerSecond).toArray();
            double rate = median(wps);
            listener.line(String.format(Locale.ROOT, "calibration: %s writes %.0f pages/s at full speed",
                    spec.mode().kernelName(), rate));
            return rate;
        } finally {
            testbed.stop(vm);
        }
    }

    /** Writes every calibration migration's raw figures as CSV (experiment, cap, policy, QEMU's figures). */
    public void writeMeasurements(Path file) throws IOException {
        StringBuilder b = new StringBuilder("experiment,capMiBps,policy,totalMs,downtimeMs,heartbeatPauseMs,"
                + "transferredBytes,pagesSent,pagesResent,rounds,postcopyRequests,postcopyBlocktimeMs,pausedBytes\n");
        for (String[] row : raw) {
            b.append(String.join(",", row)).append('\n');
        }
        Files.writeString(file, b.toString());
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }
}

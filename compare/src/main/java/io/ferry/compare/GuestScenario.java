package io.ferry.compare;

import io.ferry.api.model.LinkSpec;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.EngineScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A migration situation stated as a real guest runs it: the guest's memory, what Ferry's workload program inside
 * it does (the testbed's {@code ferry-workload}: a writer mode, a rate, a hot set, a cyclic rate schedule), the
 * bandwidth cap, the downtime budget and how many such guests migrate at once. The QEMU testbed turns it into a guest
 * to boot; {@link #toEngine(EngineProfile)} turns the same definition into the engine's scenario, so the two run the
 * same thing.
 *
 * <p>How the workload maps onto the engine: the workload's memory is pages {@code [0, workloadMiB)}, filled with
 * random data; the guest kernel's non-zero memory follows ({@link EngineProfile.Guest#kernelMiB}), except its
 * top-down part ({@link EngineProfile.Guest#nonZeroTopMiB}) at the very top; between them, the rest of the guest
 * is zero pages. {@code uniform} writes are uniform over the workload, {@code sweep} writes walk the
 * hot set (the engine draws them uniformly from it: the same set of dirty pages per round once the hot set is
 * rewritten faster than a round), {@code hotcold} sends {@code hotPercent} % of its writes to the hot set and the
 * rest to the whole workload (a mix of two writers), a schedule becomes phases. A rate of 0 means full speed: the
 * profile's measured rate for the mode. Cost: O(schedule steps).
 *
 * @param name            the scenario's name
 * @param guestMiB        the guest's RAM, 128 to 65536 MiB
 * @param workloadMiB     the workload's memory, 1 to {@code guestMiB - 64}
 * @param writer          how the workload writes
 * @param writesPerSecond page writes per second, 0 = full speed (ignored when idle or scheduled)
 * @param hotSetMiB       the hot set (the first MiB of the workload), 1 to {@code workloadMiB}
 * @param hotPercent      share of writes to the hot set in {@link Writer#HOT_COLD}, 0 to 100
 * @param schedule        a cyclic rate schedule that overrides the rate; empty for none
 * @param capMiBps        the link's pre-copy cap (QEMU's max-bandwidth), MiB/s, shared equally by concurrent
 *                        migrations; {@link #UNLIMITED_MIBPS} for none (a limiter that never binds: the migration
 *                        is CPU-bound)
 * @param concurrent      how many such guests migrate at once, 1 to 8
 * @param downtimeBudget  the SLA budget (QEMU's downtime-limit)
 * @param standardAnalogue the {@code standard} suite's scenario it scales down, or empty
 * @param postcopyCapMiBps the post-copy phase's own cap (QEMU's max-postcopy-bandwidth), MiB/s, shared like the
 *                        other; 0: none, QEMU's default (unlimited: the phase runs at the host's copy rate)
 */
public record GuestScenario(String name, int guestMiB, int workloadMiB, Writer writer, long writesPerSecond,
        int hotSetMiB, int hotPercent, List<Step> schedule, double capMiBps, int concurrent, Duration downtimeBudget,
        String standardAnalogue, double postcopyCapMiBps) {

    /**
     * "No cap": QEMU's limiter set this high never binds (10 GB per 100 ms window against a few hundred MiB/s a
     * TCG host copies), so the migration runs at what the host can copy.
     */
    public static final double UNLIMITED_MIBPS = 100_000;

    /** The execution state a testbed guest announces (CPU and device state of a small PC guest). */
    public static final long EXECUTION_STATE_BYTES = 1L << 20;
    /** The RTT of the testbed's Unix-socket link. */
    public static final Duration RTT = Duration.ofNanos(50_000);
    /** Memory the guest kernel needs beside the workload. */
    public static final int KERNEL_RESERVE_MIB = 64;

    /** How the workload program writes (its {@code ferry.mode}). */
    public enum Writer {
        /** No writes. */
        IDLE,
        /** Uniformly random pages of the workload. */
        UNIFORM,
        /** The hot set page after page, cyclically. */
        SWEEP,
        /** {@code hotPercent} % to random hot pages, the rest to any page of the workload. */
        HOT_COLD;

        /** @return the mode's name as the workload program and the profile spell it */
        public String mode() {
            return this == HOT_COLD ? "hotcold" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One step of a cyclic schedule.
     *
     * @param writesPerSecond page writes per second, &gt;= 0 (0 idles)
     * @param seconds         its length, &gt;= 1
     */
    public record Step(long writesPerSecond, int seconds) {
        public Step {
            if (writesPerSecond < 0 || seconds < 1) {
                throw new IllegalArgumentException("step " + writesPerSecond + ":" + seconds
                        + ": needs writesPerSecond >= 0 and seconds >= 1");
            }
        }
    }

    /** A scenario with both caps at {@code capMiBps} (as the {@code standard-tcg} suite was measured). */
    public GuestScenario(String name, int guestMiB, int workloadMiB, Writer writer, long writesPerSecond,
            int hotSetMiB, int hotPercent, List<Step> schedule, double capMiBps, int concurrent,
            Duration downtimeBudget, String standardAnalogue) {
        this(name, guestMiB, workloadMiB, writer, writesPerSecond, hotSetMiB, hotPercent, schedule, capMiBps,
                concurrent, downtimeBudget, standardAnalogue, capMiBps);
    }

    public GuestScenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(downtimeBudget, "downtimeBudget");
        Objects.requireNonNull(standardAnalogue, "standardAnalogue");
        schedule = List.copyOf(schedule);
        if (guestMiB < 128 || guestMiB > 65_536) {
            throw new IllegalArgumentException("guestMiB = " + guestMiB + ": must be in [128, 65536]");
        }
        if (workloadMiB < 1 || workloadMiB > guestMiB - KERNEL_RESERVE_MIB) {
            throw new IllegalArgumentException("workloadMiB = " + workloadMiB + ": must be in [1, "
                    + (guestMiB - KERNEL_RESERVE_MIB) + "] (the guest less " + KERNEL_RESERVE_MIB + " MiB)");
        }
        if (writesPerSecond < 0) {
            throw new IllegalArgumentException("writesPerSecond = " + writesPerSecond + ": must be >= 0 (0 = full speed)");
        }
        if (hotSetMiB < 1 || hotSetMiB > workloadMiB) {
            throw new IllegalArgumentException("hotSetMiB = " + hotSetMiB + ": must be in [1, " + workloadMiB + "]");
        }
        if (hotPercent < 0 || hotPercent > 100) {
            throw new IllegalArgumentException("hotPercent = " + hotPercent + ": must be in [0, 100]");
        }
        if (!(capMiBps >= 1 && capMiBps <= 100_000)) {
            throw new IllegalArgumentException("capMiBps = " + capMiBps + ": must be in [1, 100000]");
        }
        if (!(postcopyCapMiBps == 0 || postcopyCapMiBps >= 1 && postcopyCapMiBps <= UNLIMITED_MIBPS)) {
            throw new IllegalArgumentException("postcopyCapMiBps = " + postcopyCapMiBps
                    + ": must be 0 (none: QEMU's default, unlimited) or in [1, 100000]");
        }
        if (concurrent < 1 || concurrent > 8) {
            throw new IllegalArgumentException("concurrent = " + concurrent + ": must be in [1, 8]");
        }
        if (downtimeBudget.isNegative() || downtimeBudget.isZero()) {
            throw new IllegalArgumentException("downtimeBudget = " + downtimeBudget + ": must be > 0");
        }
    }

    /**
     * @return a guest of {@code guestMiB} with {@code workloadMiB} of idle workload, 300 ms budget, one at a time,
     *         both caps at {@code capMiBps} (as the {@code standard-tcg} suite and the calibration were measured)
     */
    public static GuestScenario idle(String name, int guestMiB, int workloadMiB, double capMiBps) {
        return new GuestScenario(name, guestMiB, workloadMiB, Writer.IDLE, 0, Math.min(16, workloadMiB), 90,
                List.of(), capMiBps, 1, EngineScenario.DEFAULT_DOWNTIME_BUDGET, "", capMiBps);
    }

    /** @return this scenario with another post-copy cap, MiB/s (0: none, QEMU's default) */
    public GuestScenario withPostcopyCap(double newPostcopyCapMiBps) {
        return new GuestScenario(name, guestMiB, workloadMiB, writer, writesPerSecond, hotSetMiB, hotPercent,
                schedule, capMiBps, concurrent, downtimeBudget, standardAnalogue, newPostcopyCapMiBps);
    }

    /** @return this scenario with another pre-copy cap (the post-copy cap unchanged) */
    public GuestScenario withCap(double newCapMiBps) {
        return new GuestScenario(name, guestMiB, workloadMiB, writer, writesPerSecond, hotSetMiB, hotPercent,
                schedule, newCapMiBps, concurrent, downtimeBudget, standardAnalogue, postcopyCapMiBps);
    }

    /** @return this scenario under another name */
    public GuestScenario named(String newName) {
        return new GuestScenario(newName, guestMiB, workloadMiB, writer, writesPerSecond, hotSetMiB, hotPercent,
                schedule, capMiBps, concurrent, downtimeBudget, standardAnalogue, postcopyCapMiBps);
    }

    /** @return whether the pre-copy cap is {@link #UNLIMITED_MIBPS}, no cap */
    public boolean uncapped() {
        return capMiBps >= UNLIMITED_MIBPS;
    }

    /** @return each migration's own post-copy cap, MiB/s (0: none) */
    public double postcopyCapPerMigrationMiBps() {
        return postcopyCapMiBps / concurrent;
    }

    /** @return this scenario with another writer */
    public GuestScenario withWriter(Writer newWriter, long newWritesPerSecond, int newHotSetMiB, int newHotPercent) {
        return new GuestScenario(name, guestMiB, workloadMiB, newWriter, newWritesPerSecond, newHotSetMiB,
                newHotPercent, schedule, capMiBps, concurrent, downtimeBudget, standardAnalogue, postcopyCapMiBps);
    }

    /** @return this scenario with a cyclic schedule */
    public GuestScenario withSchedule(List<Step> newSchedule) {
        return new GuestScenario(name, guestMiB, workloadMiB, writer, writesPerSecond, hotSetMiB, hotPercent,
                newSchedule, capMiBps, concurrent, downtimeBudget, standardAnalogue, postcopyCapMiBps);
    }

    /** @return this scenario with {@code n} guests migrating at once over the cap */
    public GuestScenario withConcurrent(int n) {
        return new GuestScenario(name, guestMiB, workloadMiB, writer, writesPerSecond, hotSetMiB, hotPercent,
                schedule, capMiBps, n, downtimeBudget, standardAnalogue, postcopyCapMiBps);
    }

    /** @return this scenario naming the standard suite's scenario it scales down */
    public GuestScenario analogueOf(String standard) {
        return new GuestScenario(name, guestMiB, workloadMiB, writer, writesPerSecond, hotSetMiB, hotPercent,
                schedule, capMiBps, concurrent, downtimeBudget, standard, postcopyCapMiBps);
    }

    /** @return each migration's own cap, MiB/s: the link's cap split equally */
    public double capPerMigrationMiBps() {
        return capMiBps / concurrent;
    }

    /** @return the length of one cycle of the schedule in seconds, 0 without a schedule */
    public int cycleSeconds() {
        return schedule.stream().mapToInt(Step::seconds).sum();
    }

    /**
     * @param profile the machine's profile: the guests' kernel memory and full-speed write rates
     * @return the engine's scenario for the same situation (without the kernel's own writes, which
     *         {@link EngineProfile#apply} adds)
     */
    public EngineScenario toEngine(EngineProfile profile) {
        long memory = (long) guestMiB << 20;
        double kernel = profile.guest().kernelMiB(guestMiB);
        long zero = Math.max(0, Math.round((guestMiB - workloadMiB - kernel) * (1 << 20)) / 4096 * 4096);
        // the kernel's top-down part sits above the zero memory; the rest of it follows the workload
        long top = zero == 0 ? 0 : Math.round(Math.min(kernel, profile.guest().nonZeroTopMiB()) * (1 << 20)) / 4096 * 4096;
        DirtyingModel dirtying;
        if (schedule.isEmpty()) {
            dirtying = writerModel(rate(profile, writesPerSecond));
        } else {
            if (writer == Writer.HOT_COLD) {
                throw new IllegalArgumentException(name + ": a schedule with the hotcold writer has no engine model "
                        + "(a phase cannot mix writers)");
            }
            List<DirtyingModel.Phase> phases = new ArrayList<>();
            for (Step s : schedule) {
                phases.add(new DirtyingModel.Phase(s.seconds(),
                        s.writesPerSecond() == 0 ? new DirtyingModel.Idle() : writerModel(s.writesPerSecond())));
            }
            dirtying = new DirtyingModel.Phased(phases);
        }
        return new EngineScenario(name, memory, 4096, EXECUTION_STATE_BYTES,
                new LinkSpec(capMiBps * (1 << 20), RTT, 1.0, postcopyCapMiBps * (1 << 20)), dirtying, downtimeBudget,
                concurrent, zero, top);
    }

    private double rate(EngineProfile profile, long nominal) {
        if (writer == Writer.IDLE) {
            return 0;
        }
        return nominal > 0 ? nominal : profile.guest().maxWritesPerSecond(writer.mode());
    }

    private DirtyingModel writerModel(double rate) {
        int workloadPages = workloadMiB * 256;
        int hotPages = hotSetMiB * 256;
        return switch (writer) {
            case IDLE -> new DirtyingModel.Idle();
            case UNIFORM -> new DirtyingModel.HotSet(rate, workloadPages, 0, 0);
            case SWEEP -> new DirtyingModel.HotSet(rate, hotPages, 0, 0);
            case HOT_COLD -> new DirtyingModel.Mixed(List.of(
                    new DirtyingModel.HotSet(rate * hotPercent / 100.0, hotPages, 0, 0),
                    new DirtyingModel.HotSet(rate * (100 - hotPercent) / 100.0, workloadPages, 0, 0)));
        };
    }
}

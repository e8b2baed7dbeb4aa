package io.ferry.qemu;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One guest of a QEMU pool: its memory and what Ferry's workload program does inside it. The program reads
 * these settings from the kernel command line ({@link #kernelArguments()}), fills {@code workloadMiB} with
 * random data (so zero-page detection cannot help a migration), writes pages at the given rate and pattern,
 * checks every page against a shadow checksum once per {@code checkSeconds}, and prints a heartbeat every
 * {@code heartbeatMillis} ms.
 *
 * <p>Cost on this kind of machine (TCG, one vCPU): boot to the first heartbeat 3-7 s plus the fill (about
 * 1.5 s per 100 MiB); at most 0.4-2 M page writes per second; a full integrity pass reads all workload memory
 * once. Build with {@link #of} and the {@code with…} methods.
 *
 * @param name            the VM's name, letters, digits, '.', '_' or '-'
 * @param guestMemoryMiB  the guest's RAM ({@code -m}), at least {@code workloadMiB + 64} for the kernel
 * @param workloadMiB     memory the workload allocates, fills and writes, &gt;= 1
 * @param mode            how it writes
 * @param writesPerSecond page writes per second, 0 = as fast as possible (ignored when idle)
 * @param hotSetMiB       the hot set (the first MiB of the workload's memory), 1 to {@code workloadMiB}
 * @param hotPercent      share of writes to the hot set in {@link WriterMode#HOT_COLD}, 0 to 100
 * @param schedule        a cyclic rate schedule that overrides {@code writesPerSecond}; empty for none
 * @param heartbeatMillis the heartbeat period, 1 to 10000 ms
 * @param checkSeconds    seconds per full integrity pass, 0 to 3600 (0: never check)
 * @param seed            the seed of the data and of the page choices
 */
public record GuestSpec(String name, int guestMemoryMiB, int workloadMiB, WriterMode mode, long writesPerSecond,
        int hotSetMiB, int hotPercent, List<RateStep> schedule, int heartbeatMillis, int checkSeconds, long seed) {

    /** The default heartbeat period: fine enough to see a pre-copy pause of a few tens of milliseconds. */
    public static final int DEFAULT_HEARTBEAT_MILLIS = 20;
    /** The default time for a full integrity pass. */
    public static final int DEFAULT_CHECK_SECONDS = 2;
    /** The default share of writes to the hot set in hot/cold mode. */
    public static final int DEFAULT_HOT_PERCENT = 90;
    /** The most steps a schedule may have (the workload's MAX_SCHED; the kernel command line holds 2048 bytes). */
    public static final int MAX_SCHEDULE_STEPS = 128;
    /** The most characters of ferry.sched (the rest of the kernel's 2048-byte command line is the other settings). */
    public static final int MAX_SCHEDULE_CHARS = 1536;
    /** The memory the guest kernel needs beside the workload. */
    public static final int KERNEL_RESERVE_MIB = 64;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public GuestSpec {
        Objects.requireNonNull(name, "name must not be null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name = " + name + ": must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (workloadMiB < 1) {
            throw new IllegalArgumentException("workloadMiB = " + workloadMiB + ": must be >= 1");
        }
        if (guestMemoryMiB < workloadMiB + KERNEL_RESERVE_MIB || guestMemoryMiB > 65536) {
            throw new IllegalArgumentException("guestMemoryMiB = " + guestMemoryMiB + ": must be in ["
                    + (workloadMiB + KERNEL_RESERVE_MIB) + ", 65536] (workloadMiB + " + KERNEL_RESERVE_MIB
                    + " for the kernel)");
        }
        Objects.requireNonNull(mode, "mode must not be null");
        if (writesPerSecond < 0) {
            throw new IllegalArgumentException("writesPerSecond = " + writesPerSecond + ": must be >= 0 (0 = max)");
        }
        if (hotSetMiB < 1 || hotSetMiB > workloadMiB) {
            throw new IllegalArgumentException(
                    "hotSetMiB = " + hotSetMiB + ": must be in [1, " + workloadMiB + "] (the workload's memory)");
        }
        if (hotPercent < 0 || hotPercent > 100) {
            throw new IllegalArgumentException("hotPercent = " + hotPercent + ": must be in [0, 100]");
        }
        schedule = List.copyOf(Objects.requireNonNull(schedule, "schedule must not be null"));
        if (schedule.size() > MAX_SCHEDULE_STEPS) {
            throw new IllegalArgumentException("schedule: " + schedule.size() + " steps, at most "
                    + MAX_SCHEDULE_STEPS);
        }
        int scheduleChars = scheduleText(schedule).length();
        if (scheduleChars > MAX_SCHEDULE_CHARS) {
            throw new IllegalArgumentException("schedule: " + scheduleChars + " characters on the kernel command "
                    + "line, at most " + MAX_SCHEDULE_CHARS + " (fewer or shorter steps)");
        }
        if (heartbeatMillis < 1 || heartbeatMillis > 10_000) {
            throw new IllegalArgumentException("heartbeatMillis = " + heartbeatMillis + ": must be in [1, 10000]");
        }
        if (checkSeconds < 0 || checkSeconds > 3600) {
            throw new IllegalArgumentException("checkSeconds = " + checkSeconds + ": must be in [0, 3600]");
        }
    }

    /**
     * @return an idle guest with the default heartbeat, integrity pass, hot set (16 MiB or all of the workload)
     *         and seed 1
     */
    public static GuestSpec of(String name, int guestMemoryMiB, int workloadMiB) {
        return new GuestSpec(name, guestMemoryMiB, workloadMiB, WriterMode.IDLE, 0, Math.min(16, workloadMiB),
                DEFAULT_HOT_PERCENT, List.of(), DEFAULT_HEARTBEAT_MILLIS, DEFAULT_CHECK_SECONDS, 1);
    }

    /** @return this guest with another writer: mode, page writes per second (0 = max) and hot set */
    public GuestSpec withWriter(WriterMode newMode, long newWritesPerSecond, int newHotSetMiB) {
        return new GuestSpec(name, guestMemoryMiB, workloadMiB, newMode, newWritesPerSecond, newHotSetMiB,
                hotPercent, schedule, heartbeatMillis, checkSeconds, seed);
    }

    /** @return this guest with another hot-set share for {@link WriterMode#HOT_COLD} */
    public GuestSpec withHotPercent(int newHotPercent) {
        return new GuestSpec(name, guestMemoryMiB, workloadMiB, mode, writesPerSecond, hotSetMiB, newHotPercent,
                schedule, heartbeatMillis, checkSeconds, seed);
    }

    /** @return this guest with a cyclic rate schedule (empty: none) */
    public GuestSpec withSchedule(List<RateStep> newSchedule) {
        return new GuestSpec(name, guestMemoryMiB, workloadMiB, mode, writesPerSecond, hotSetMiB, hotPercent,
                newSchedule, heartbeatMillis, checkSeconds, seed);
    }

    /** @return this guest with another heartbeat period and integrity pass */
    public GuestSpec withHeartbeat(int newHeartbeatMillis, int newCheckSeconds) {
        return new GuestSpec(name, guestMemoryMiB, workloadMiB, mode, writesPerSecond, hotSetMiB, hotPercent,
                schedule, newHeartbeatMillis, newCheckSeconds, seed);
    }

    /** @return this guest with another seed */
    public GuestSpec withSeed(long newSeed) {
        return new GuestSpec(name, guestMemoryMiB, workloadMiB, mode, writesPerSecond, hotSetMiB, hotPercent,
                schedule, heartbeatMillis, checkSeconds, newSeed);
    }

    /** @return the same guest under another name */
    public GuestSpec withName(String newName) {
        return new GuestSpec(newName, guestMemoryMiB, workloadMiB, mode, writesPerSecond, hotSetMiB, hotPercent,
                schedule, heartbeatMillis, checkSeconds, seed);
    }

    /** @return the {@code ferry.*} kernel parameters the workload program reads from {@code /proc/cmdline} */
    public String kernelArguments() {
        StringBuilder b = new StringBuilder();
        b.append("ferry.mem=").append(workloadMiB)
                .append(" ferry.mode=").append(mode.kernelName())
                .append(" ferry.rate=").append(writesPerSecond)
                .append(" ferry.hot=").append(hotSetMiB)
                .append(" ferry.hotpct=").append(hotPercent)
                .append(" ferry.hb=").append(heartbeatMillis)
                .append(" ferry.check=").append(checkSeconds)
                .append(" ferry.seed=").append(seed);
        if (!schedule.isEmpty()) {
            b.append(" ferry.sched=").append(scheduleText(schedule));
        }
        return b.toString();
    }

    private static String scheduleText(List<RateStep> steps) {
        return steps.stream().map(s -> s.writesPerSecond() + ":" + s.seconds()).collect(Collectors.joining(","));
    }

    /** @return the guest's RAM in bytes */
    public long guestMemoryBytes() {
        return (long) guestMemoryMiB << 20;
    }
}

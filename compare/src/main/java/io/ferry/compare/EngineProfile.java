package io.ferry.compare;

import io.ferry.api.model.Capability;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.LiveMigrationEngine;
import io.ferry.engine.EngineScenario;
import io.ferry.engine.EngineSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A named calibration of the engine against one kind of real hypervisor and machine: the engine settings (with
 * their {@link io.ferry.engine.HypervisorModel}) that make the engine behave like it, and what its guests do on
 * their own besides a scenario's workload. {@code ./ferry compare --profile qemu-tcg} runs every scenario under a
 * profile; {@link EngineProfiles} holds the built-in ones and reads others from files.
 *
 * <p>A profile is measured once, never fitted to the results it is later compared with: every figure names in
 * {@link #sources()} the measurement it came from (see {@code ./ferry fidelity --calibrate}). Immutable; applying it
 * costs O(1) per scenario.
 *
 * @param name        the name, letters, digits and dashes
 * @param description one line: what it calibrates, on which machine
 * @param settings    the engine settings under it
 * @param capabilities what that hypervisor offers the policies (QEMU: no {@code PAGE_ORDER}, so a policy cannot
 *                    reorder or defer pages there, and neither can it in the engine under this profile)
 * @param guest       the guests' own behaviour and layout on that machine
 * @param provenance  where, when and how it was measured (machine, hypervisor version, command, date)
 * @param sources     for each calibrated figure, the measurement it came from
 */
public record EngineProfile(String name, String description, EngineSettings settings, Set<Capability> capabilities,
        Guest guest, Map<String, String> provenance, Map<String, String> sources) {

    /** The engine's textbook model with guests that do nothing on their own: what runs without a profile. */
    public static final EngineProfile IDEAL = new EngineProfile("ideal",
            "the engine's textbook model: the link's exact bandwidth, every page in full, throttled pauses",
            new EngineSettings(), LiveMigrationEngine.CAPABILITIES, Guest.NONE, Map.of(), Map.of());

    public EngineProfile {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("name = " + name + ": must be 1-64 lower-case letters, digits or '-'");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(settings, "settings");
        capabilities = Set.copyOf(capabilities);
        if (!capabilities.contains(Capability.PRE_COPY)) {
            throw new IllegalArgumentException("capabilities = " + capabilities + ": must include PRE_COPY");
        }
        Objects.requireNonNull(guest, "guest");
        provenance = Map.copyOf(provenance);
        sources = Map.copyOf(sources);
    }

    /**
     * What a guest does on its own on this machine, and how its memory is laid out: the kernel's and firmware's
     * non-zero memory beside the workload (the rest of a freshly booted guest is zero), the kernel's own writes,
     * and the fastest its workload program writes in each mode.
     *
     * @param kernelBaseMiB          non-zero memory of a guest besides its workload, fixed part, MiB
     * @param kernelPerGuestMiB      ... plus this many MiB per MiB of guest memory (struct pages, page tables)
     * @param systemWritesPerSecond  the kernel's own page writes per second (timers, the console, heartbeats)
     * @param systemHotPages         the distinct pages they hit, just below the zero memory
     * @param maxWritesPerSecond     the workload program's page writes per second at full speed, by mode
     *                               ({@code uniform}, {@code sweep}, {@code hotcold})
     * @param nonZeroTopMiB          of the kernel's non-zero memory, the part at the very top of the guest, above
     *                               its free (zero) memory: Linux allocates its early memory top-down, and a
     *                               pre-copy pass scans it last
     */
    public record Guest(double kernelBaseMiB, double kernelPerGuestMiB, double systemWritesPerSecond,
            int systemHotPages, Map<String, Double> maxWritesPerSecond, double nonZeroTopMiB) {

        /** A guest with no kernel of its own: nothing beside the workload. */
        public static final Guest NONE = new Guest(0, 0, 0, 0, Map.of(), 0);

        /** A guest whose zero memory is the top of memory. */
        public Guest(double kernelBaseMiB, double kernelPerGuestMiB, double systemWritesPerSecond,
                int systemHotPages, Map<String, Double> maxWritesPerSecond) {
            this(kernelBaseMiB, kernelPerGuestMiB, systemWritesPerSecond, systemHotPages, maxWritesPerSecond, 0);
        }

        public Guest {
            check("kernelBaseMiB", kernelBaseMiB);
            check("kernelPerGuestMiB", kernelPerGuestMiB);
            check("nonZeroTopMiB", nonZeroTopMiB);
            check("systemWritesPerSecond", systemWritesPerSecond);
            if (systemHotPages < 0) {
                throw new IllegalArgumentException("systemHotPages = " + systemHotPages + ": must be >= 0");
            }
            maxWritesPerSecond = Map.copyOf(maxWritesPerSecond);
            maxWritesPerSecond.forEach((mode, rate) -> check("maxWritesPerSecond." + mode, rate));
        }

        private static void check(String name, double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(name + " = " + value + ": must be a finite number >= 0");
            }
        }

        /** @return the non-zero memory of a freshly booted guest of {@code guestMiB} besides its workload, MiB */
        public double kernelMiB(double guestMiB) {
            return kernelBaseMiB + kernelPerGuestMiB * guestMiB;
        }

        /**
         * @return the workload program's full-speed write rate in {@code mode} (lower-case: uniform, sweep,
         *         hotcold)
         * @throws IllegalArgumentException when the profile did not measure it
         */
        public double maxWritesPerSecond(String mode) {
            Double rate = maxWritesPerSecond.get(mode.toLowerCase(Locale.ROOT));
            if (rate == null) {
                throw new IllegalArgumentException("the profile has no full-speed write rate for mode \"" + mode
                        + "\" (it has " + maxWritesPerSecond.keySet() + ")");
            }
            return rate;
        }
    }

    /** @return an engine that runs under this profile: its settings and its hypervisor's capabilities */
    public LiveMigrationEngine engine() {
        return new LiveMigrationEngine(settings, capabilities);
    }

    /**
     * @return {@code scenario} as it runs on this profile's machine: its writes plus the guest kernel's own
     *         (a hot set of {@link Guest#systemHotPages()} just below the zero memory, mixed in as an independent
     *         writer); unchanged when the kernel writes nothing
     */
    public EngineScenario apply(EngineScenario scenario) {
        if (guest.systemWritesPerSecond() <= 0 || guest.systemHotPages() == 0) {
            return scenario;
        }
        int pages = (int) (scenario.memoryBytes() / scenario.pageSizeBytes());
        int hot = Math.min(guest.systemHotPages(), pages);
        int first = Math.max(0, pages - scenario.nonZeroTopPages() - scenario.zeroPages() - hot);
        DirtyingModel system = new DirtyingModel.HotSet(guest.systemWritesPerSecond(), hot, 0, first);
        List<DirtyingModel> parts = new ArrayList<>();
        if (scenario.dirtying() instanceof DirtyingModel.Mixed m) {
            parts.addAll(m.parts());
        } else {
            parts.add(scenario.dirtying());
        }
        parts.add(system);
        return scenario.withDirtying(new DirtyingModel.Mixed(parts));
    }

    /** @return every scenario of {@code scenarios} as it runs under this profile, in order */
    public List<EngineScenario> apply(List<EngineScenario> scenarios) {
        return scenarios.stream().map(this::apply).toList();
    }
}

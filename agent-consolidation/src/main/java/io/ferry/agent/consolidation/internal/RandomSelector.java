package io.ferry.agent.consolidation.internal;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * RS: a VM drawn uniformly ({@code PowerVmSelectionPolicyRandomSelection}). CloudSim draws from an unseeded
 * {@code Random}; here each round draws from a {@code Random} seeded by the configured seed and the round, so a
 * run repeats exactly for the same seed. Cost O(1).
 */
final class RandomSelector implements VmSelector {

    private final long seed;
    private final Random random;

    RandomSelector(long seed) {
        this(seed, null);
    }

    private RandomSelector(long seed, Random random) {
        this.seed = seed;
        this.random = random;
    }

    @Override
    public String label() {
        return "RS";
    }

    @Override
    public VmSelector forRound(long roundSeed) {
        return new RandomSelector(seed, new Random(seed * 0x9E3779B97F4A7C15L + roundSeed));
    }

    @Override
    public Optional<WorkingVm> select(List<WorkingVm> candidates) {
        if (random == null) {
            throw new IllegalStateException("RandomSelector.select before forRound");
        }
        return candidates.isEmpty() ? Optional.empty()
                : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }
}

package io.ferry.xapisim.internal;

/**
 * Stateless seeded hashing: a uniform number for every (seed, stream, a, b), so that a workload's value
 * depends only on the seed, the VM and the time, never on how often or in which order it was asked for.
 * SplitMix64's finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014). Not for cryptography.
 */
final class Hash {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Hash() {
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hash(long seed, long stream, long a, long b) {
        long h = mix(seed + GOLDEN);
        h = mix(h ^ (stream + GOLDEN));
        h = mix(h ^ (a + 2 * GOLDEN));
        return mix(h ^ (b + 3 * GOLDEN));
    }

    /** @return a number uniform in [0, 1) determined by the inputs */
    static double unit(long seed, long stream, long a, long b) {
        return (hash(seed, stream, a, b) >>> 11) * 0x1.0p-53;
    }
}

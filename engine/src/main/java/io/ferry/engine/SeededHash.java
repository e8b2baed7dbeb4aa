package io.ferry.engine;

/**
 * Stateless seeded hashing: a uniform number for every (seed, stream, a, b) without keeping a generator, so that a
 * simulated value (a workload's CPU at a time, an injected fault) depends only on its inputs — never on how often
 * or in which order it was asked for, nor on a tick length. The simulated pools draw their workloads and faults
 * with it.
 *
 * <p>SplitMix64's finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014)
 * applied to a combination of the inputs. Cost: a few multiplications per call. Not for cryptography.
 */
public final class SeededHash {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SeededHash() {
    }

    /** @return SplitMix64's finaliser of {@code z} */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return a 64-bit hash of the inputs */
    public static long hash(long seed, long stream, long a, long b) {
        long h = mix(seed + GOLDEN);
        h = mix(h ^ (stream + GOLDEN));
        h = mix(h ^ (a + 2 * GOLDEN));
        return mix(h ^ (b + 3 * GOLDEN));
    }

    /** @return a number uniform in [0, 1) determined by the inputs */
    public static double unit(long seed, long stream, long a, long b) {
        return (hash(seed, stream, a, b) >>> 11) * 0x1.0p-53;
    }
}

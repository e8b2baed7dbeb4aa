package io.ferry.simpool.internal;

/**
 * Stateless seeded hashing: a uniform number for every (seed, stream, a, b) without keeping a generator, so
 * that a workload value depends only on the seed, the VM and the time — never on how often or in which order
 * it was asked for, nor on the tick length.
 *
 * <p>SplitMix64's finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
 * OOPSLA 2014) applied to a combination of the inputs. Cost: a few multiplications per call. Not for
 * cryptography.
 */
final class Seeds {

    /** Stream of a VM's workload parameters (amplitude, period, phase). */
    static final long SHAPE = 0x5348415045L;
    /** Stream of the workload noise knots. */
    static final long NOISE = 0x4E4F495345L;
    /** Stream of the workload bursts. */
    static final long BURST = 0x4255525354L;
    /** Stream of injected migration failures. */
    static final long FAILURE = 0x4641494CL;
    /** Stream of the hot-set position of a VM's memory. */
    static final long HOT_SET = 0x484F54L;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** @return SplitMix64's finaliser of {@code z} */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return a 64-bit hash of the inputs */
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

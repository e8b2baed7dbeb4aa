package io.ferry.xapisim.internal;

import java.util.SplittableRandom;

/**
 * Seeded identifiers: every UUID and {@code OpaqueRef} of a simulated pool comes from here, so the same seed
 * and the same sequence of calls give the same references (which is what makes the golden wire-format tests
 * possible). Real xapi draws them at random; no client may rely on their value. Not thread-safe: used under
 * the pool's lock.
 */
final class Ids {

    /** xapi's null reference. */
    static final String NULL_REF = "OpaqueRef:NULL";

    private final SplittableRandom random;

    Ids(long seed) {
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /** @return a fresh version-4 UUID string */
    String uuid() {
        long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(hi, lo).toString();
    }

    /** @return a fresh {@code OpaqueRef:<uuid>} */
    String ref() {
        return "OpaqueRef:" + uuid();
    }
}

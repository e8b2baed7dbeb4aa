package io.ferry.engine.internal;

/**
 * A fixed-size bitset over page numbers, without the bounds growth and checks of {@link java.util.BitSet}
 * (this sits on the per-write hot path). {@link #set} and {@link #clear} keep the cardinality incrementally;
 * {@link #add} is branch-free for the guest-write loop and leaves it to be recounted on demand.
 */
final class Bits {

    private final long[] words;
    private final int size;
    private int cardinality;
    private boolean stale;

    Bits(int size) {
        this.size = size;
        this.words = new long[(size + 63) >>> 6];
    }

    int size() {
        return size;
    }

    int cardinality() {
        if (stale) {
            int count = 0;
            for (long w : words) {
                count += Long.bitCount(w);
            }
            cardinality = count;
            stale = false;
        }
        return cardinality;
    }

    /** Sets bit {@code i} without a branch; the cardinality is recounted when next asked for. */
    void add(int i) {
        words[i >>> 6] |= 1L << i;
        stale = true;
    }

    /** Clears bit {@code i} without a branch; the cardinality is recounted when next asked for. */
    void remove(int i) {
        words[i >>> 6] &= ~(1L << i);
        stale = true;
    }

    /** Sets every bit in [from, to). */
    void setRange(int from, int to) {
        for (int i = from; i < to; i++) {
            words[i >>> 6] |= 1L << i;
        }
        stale = true;
    }

    /** @return the {@code k} highest set bits (all of them when there are fewer), highest first */
    int[] highest(int k) {
        int[] out = new int[Math.min(k, cardinality())];
        int n = 0;
        for (int w = words.length - 1; w >= 0 && n < out.length; w--) {
            long word = words[w];
            while (word != 0 && n < out.length) {
                int bit = 63 - Long.numberOfLeadingZeros(word);
                out[n++] = (w << 6) + bit;
                word &= ~(1L << bit);
            }
        }
        return out;
    }

    boolean get(int i) {
        return (words[i >>> 6] & (1L << i)) != 0;
    }

    /** @return true when the bit was clear before */
    boolean set(int i) {
        cardinality();
        int w = i >>> 6;
        long mask = 1L << i;
        long old = words[w];
        if ((old & mask) == 0) {
            words[w] = old | mask;
            cardinality++;
            return true;
        }
        return false;
    }

    /** @return true when the bit was set before */
    boolean clear(int i) {
        cardinality();
        int w = i >>> 6;
        long mask = 1L << i;
        long old = words[w];
        if ((old & mask) != 0) {
            words[w] = old & ~mask;
            cardinality--;
            return true;
        }
        return false;
    }

    void setAll() {
        java.util.Arrays.fill(words, -1L);
        int tail = size & 63;
        if (tail != 0) {
            words[words.length - 1] = (1L << tail) - 1;
        }
        cardinality = size;
        stale = false;
    }

    void clearAll() {
        java.util.Arrays.fill(words, 0L);
        cardinality = 0;
        stale = false;
    }

    /** Makes this set a copy of {@code other}. */
    void copyFrom(Bits other) {
        System.arraycopy(other.words, 0, words, 0, words.length);
        cardinality = other.cardinality();
        stale = false;
    }

    /** Clears every bit of {@code other} in this set. */
    void andNot(Bits other) {
        for (int w = 0; w < words.length; w++) {
            words[w] &= ~other.words[w];
        }
        stale = true;
    }

    /** @return the number of bits set in both this set and {@code other} */
    int intersectionCount(Bits other) {
        int count = 0;
        for (int w = 0; w < words.length; w++) {
            count += Long.bitCount(words[w] & other.words[w]);
        }
        return count;
    }

    /** Sets every bit of {@code other} in this set. */
    void or(Bits other) {
        for (int w = 0; w < words.length; w++) {
            words[w] |= other.words[w];
        }
        stale = true;
    }

    /** @return the first set bit at or after {@code from}, or -1 */
    int nextSetBit(int from) {
        if (from >= size) {
            return -1;
        }
        int w = from >>> 6;
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }

    /** @return whether any bit in [from, to) is set */
    boolean anyIn(int from, int to) {
        int next = nextSetBit(from);
        return next >= 0 && next < to;
    }

    /** @return the set bits in ascending order */
    int[] toArray() {
        int[] out = new int[cardinality()];
        int k = 0;
        for (int w = 0; w < words.length; w++) {
            long word = words[w];
            while (word != 0) {
                out[k++] = (w << 6) + Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        return out;
    }
}

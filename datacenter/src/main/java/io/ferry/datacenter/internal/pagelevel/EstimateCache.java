package io.ferry.datacenter.internal.pagelevel;

import io.ferry.datacenter.MigrationEstimate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded memo from {@link Bucket} to {@link MigrationEstimate}: at most {@code capacity} entries, the least
 * recently used one evicted first. The computation runs outside the lock, so two threads that miss the same bucket
 * at once may both compute it; the estimate is a function of the bucket alone, so both get the same figures and the
 * first stored is kept. Cost: O(1) per lookup, about 200 bytes per entry. Thread-safe.
 */
public final class EstimateCache {

    private final int capacity;
    private final LinkedHashMap<Bucket, MigrationEstimate> entries;
    private long hits;
    private long misses;
    private long evictions;

    /** @param capacity the most entries kept, &gt;= 1 */
    public EstimateCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cacheCapacity = " + capacity + ": must be >= 1");
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Bucket, MigrationEstimate> eldest) {
                boolean evict = size() > EstimateCache.this.capacity;
                if (evict) {
                    evictions++;
                }
                return evict;
            }
        };
    }

    /**
     * @param bucket  the key
     * @param compute what computes the estimate of a bucket not held
     * @return the held estimate, or the one computed and now held
     */
    public MigrationEstimate get(Bucket bucket, Function<Bucket, MigrationEstimate> compute) {
        synchronized (this) {
            MigrationEstimate held = entries.get(bucket);
            if (held != null) {
                hits++;
                return held;
            }
            misses++;
        }
        MigrationEstimate computed = compute.apply(bucket);
        synchronized (this) {
            MigrationEstimate raced = entries.putIfAbsent(bucket, computed);
            return raced != null ? raced : computed;
        }
    }

    /** @return the most entries kept */
    public int capacity() {
        return capacity;
    }

    /** @return the entries held now, at most {@link #capacity()} */
    public synchronized int size() {
        return entries.size();
    }

    /** @return lookups answered from the memo */
    public synchronized long hits() {
        return hits;
    }

    /** @return lookups that computed (engine runs) */
    public synchronized long misses() {
        return misses;
    }

    /** @return entries dropped to keep within the capacity */
    public synchronized long evictions() {
        return evictions;
    }
}

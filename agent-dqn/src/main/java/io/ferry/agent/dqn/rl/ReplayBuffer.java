package io.ferry.agent.dqn.rl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Experience replay (Mnih et al., Nature 518, 2015): a bounded ring of {@link Transition}s; once full, each new one
 * replaces the oldest. {@link #sample} draws uniformly with replacement, so the same generator state and the same
 * contents give the same batch. Thread-safe (one lock; {@link #add} is O(1) and never waits for a sample longer than
 * the copy of a batch), so that an agent's {@code learn} and a fine-tuning thread can share one buffer. Memory:
 * capacity × (two feature vectors + 40 bytes).
 */
public final class ReplayBuffer {

    private final Transition[] ring;
    private int next;
    private int size;
    private long added;

    /** @param capacity the most transitions kept, &gt;= 1 */
    public ReplayBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity = " + capacity + ": must be >= 1");
        }
        this.ring = new Transition[capacity];
    }

    /** @return the most transitions kept */
    public int capacity() {
        return ring.length;
    }

    /** Adds one transition, replacing the oldest when full. */
    public synchronized void add(Transition t) {
        ring[next] = Objects.requireNonNull(t, "t");
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        added++;
    }

    /** @return how many transitions it holds now, at most {@link #capacity()} */
    public synchronized int size() {
        return size;
    }

    /** @return how many were ever added (those past the capacity were dropped, oldest first) */
    public synchronized long added() {
        return added;
    }

    /**
     * @param n      how many to draw, &gt;= 0
     * @param random the generator; its state alone decides the draw
     * @return {@code n} transitions drawn uniformly with replacement; empty when the buffer is empty
     */
    public synchronized List<Transition> sample(int n, RandomGenerator random) {
        if (n < 0) {
            throw new IllegalArgumentException("n = " + n + ": must be >= 0");
        }
        Objects.requireNonNull(random, "random");
        if (size == 0) {
            return List.of();
        }
        List<Transition> out = new ArrayList<>(n);
        int oldest = size < ring.length ? 0 : next;
        for (int i = 0; i < n; i++) {
            out.add(ring[(oldest + random.nextInt(size)) % ring.length]);
        }
        return out;
    }

    /** @return every transition held, oldest first */
    public synchronized List<Transition> contents() {
        List<Transition> out = new ArrayList<>(size);
        int oldest = size < ring.length ? 0 : next;
        for (int i = 0; i < size; i++) {
            out.add(ring[(oldest + i) % ring.length]);
        }
        return out;
    }

    @Override
    public synchronized String toString() {
        return "ReplayBuffer[" + size + "/" + ring.length + ", " + added + " added]";
    }
}

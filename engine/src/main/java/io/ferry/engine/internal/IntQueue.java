package io.ferry.engine.internal;

/** A growable FIFO of ints: the urgent queue of post-copy (faulted and pre-paged pages). */
final class IntQueue {

    private int[] items = new int[64];
    private int head;
    private int tail;

    boolean isEmpty() {
        return head == tail;
    }

    void add(int value) {
        if (tail == items.length) {
            if (head > 0) {
                System.arraycopy(items, head, items, 0, tail - head);
                tail -= head;
                head = 0;
            }
            if (tail == items.length) {
                items = java.util.Arrays.copyOf(items, items.length * 2);
            }
        }
        items[tail++] = value;
    }

    int poll() {
        return items[head++];
    }

    /** @return the head without removing it; the queue must not be empty */
    int peek() {
        return items[head];
    }
}

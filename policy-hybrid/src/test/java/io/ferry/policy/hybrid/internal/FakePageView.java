package io.ferry.policy.hybrid.internal;

import io.ferry.api.PageView;

/** A page view over arrays, for tests. */
final class FakePageView implements PageView {

    private final boolean[] pending;
    private final int[] writes;
    private final double[] last;
    private final double elapsed;

    FakePageView(boolean[] pending, int[] writes, double[] last, double elapsed) {
        this.pending = pending;
        this.writes = writes;
        this.last = last;
        this.elapsed = elapsed;
    }

    @Override
    public int pageCount() {
        return pending.length;
    }

    @Override
    public int pageSizeBytes() {
        return 4096;
    }

    @Override
    public double elapsedSeconds() {
        return elapsed;
    }

    @Override
    public int pendingCount() {
        int n = 0;
        for (boolean p : pending) {
            n += p ? 1 : 0;
        }
        return n;
    }

    @Override
    public int[] pendingPages() {
        return java.util.stream.IntStream.range(0, pending.length).filter(i -> pending[i]).toArray();
    }

    @Override
    public boolean isPending(int page) {
        return pending[page];
    }

    @Override
    public int writeCount(int page) {
        return writes[page];
    }

    @Override
    public double lastWriteSeconds(int page) {
        return last[page];
    }

    /** Pages 0-299 pending: 0-99 written once long ago, 100-199 ten times, 200-299 a hundred times just now. */
    static FakePageView threeGroups() {
        int n = 400;
        boolean[] pending = new boolean[n];
        int[] writes = new int[n];
        double[] last = new double[n];
        for (int i = 0; i < n; i++) {
            pending[i] = i < 300;
            writes[i] = i < 100 ? 1 : i < 200 ? 10 : i < 300 ? 100 : 0;
            last[i] = i < 100 ? 1.0 : i < 200 ? 5.0 : i < 300 ? 9.9 : -1;
        }
        return new FakePageView(pending, writes, last, 10);
    }
}

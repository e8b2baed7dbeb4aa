package io.ferry.policy.hybrid.internal;

/**
 * Pending pages split into low-, medium- and high-write clusters, each in ascending page order.
 *
 * @param low    pages written least often (send first)
 * @param medium the middle cluster
 * @param high   pages written most often (defer to post-copy, push first there)
 */
record PageClusters(int[] low, int[] medium, int[] high) {

    /** @return every page, low cluster first */
    int[] lowToHigh() {
        return concat(low, medium, high);
    }

    /** @return every page, high cluster first */
    int[] highToLow() {
        return concat(high, medium, low);
    }

    /** @return the low and medium clusters, low first */
    int[] withoutHigh() {
        return concat(low, medium, new int[0]);
    }

    private static int[] concat(int[] a, int[] b, int[] c) {
        int[] out = new int[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }
}

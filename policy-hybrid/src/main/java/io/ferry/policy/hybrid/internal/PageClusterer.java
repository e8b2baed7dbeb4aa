package io.ferry.policy.hybrid.internal;

import io.ferry.api.PageView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.Well19937c;

/**
 * Clusters the pending pages of a migration into low-, medium- and high-write groups with k-means (K = 3,
 * k-means++ initialisation; Arthur and Vassilvitskii, SODA 2007) on three features per page, each in [0, 1]:
 * <ol>
 * <li><b>write frequency</b>: writes since the migration started, over the largest count among pending pages;</li>
 * <li><b>locality</b>: the share of pending pages among the page's neighbours within {@code window} pages;</li>
 * <li><b>recency</b>: 1 - (time since the last write / time elapsed), 0 for a page never written.</li>
 * </ol>
 * Centroids are fitted on an evenly spaced sample of the pending pages, then every pending page joins its
 * nearest centroid; clusters are ranked by their centroid's write frequency.
 *
 * <p>Cost: O(P) to compute features (a two-pointer sweep gives locality), O(S·K·iterations) to fit, O(P·K) to
 * assign, for P pending pages and a sample of S. Deterministic for a given seed. Not worth it when the guest's
 * writes are uniform over memory: the clusters then split noise, and deferring them saves little.
 */
final class PageClusterer {

    static final int K = 3;

    private final int window;
    private final int sampleSize;
    private final int maxIterations;
    private final long seed;

    PageClusterer(int window, int sampleSize, int maxIterations, long seed) {
        this.window = window;
        this.sampleSize = sampleSize;
        this.maxIterations = maxIterations;
        this.seed = seed;
    }

    /**
     * @return the clusters, empty when there are too few pending pages or k-means cannot separate them
     */
    Optional<PageClusters> cluster(PageView view) {
        int[] pages = view.pendingPages();
        if (pages.length < K * 4) {
            return Optional.empty();
        }
        double[] features = features(view, pages);
        int stride = Math.max(1, pages.length / sampleSize);
        List<DoublePoint> sample = new ArrayList<>();
        for (int i = 0; i < pages.length && sample.size() < sampleSize; i += stride) {
            sample.add(new DoublePoint(java.util.Arrays.copyOfRange(features, 3 * i, 3 * i + 3)));
        }
        List<CentroidCluster<DoublePoint>> clusters;
        try {
            clusters = new KMeansPlusPlusClusterer<DoublePoint>(K, maxIterations, new EuclideanDistance(),
                    new Well19937c(seed)).cluster(sample);
        } catch (MathIllegalArgumentException | MathIllegalStateException e) {
            return Optional.empty();
        }
        clusters.sort(Comparator.comparingDouble(c -> c.getCenter().getPoint()[0]));
        double[][] centres = new double[K][];
        for (int k = 0; k < K; k++) {
            centres[k] = clusters.get(k).getCenter().getPoint();
        }
        int[][] members = new int[K][pages.length];
        int[] sizes = new int[K];
        for (int i = 0; i < pages.length; i++) {
            int best = nearest(centres, features, 3 * i);
            members[best][sizes[best]++] = pages[i];
        }
        return Optional.of(new PageClusters(java.util.Arrays.copyOf(members[0], sizes[0]),
                java.util.Arrays.copyOf(members[1], sizes[1]), java.util.Arrays.copyOf(members[2], sizes[2])));
    }

    /** @return the features of page {@code pages[i]} at [3i, 3i + 3) */
    private double[] features(PageView view, int[] pages) {
        double elapsed = Math.max(view.elapsedSeconds(), 1e-9);
        int maxWrites = 1;
        for (int p : pages) {
            maxWrites = Math.max(maxWrites, view.writeCount(p));
        }
        double[] f = new double[3 * pages.length];
        int lo = 0;
        int hi = 0;
        for (int i = 0; i < pages.length; i++) {
            int p = pages[i];
            while (pages[lo] < p - window) {
                lo++;
            }
            while (hi + 1 < pages.length && pages[hi + 1] <= p + window) {
                hi++;
            }
            double last = view.lastWriteSeconds(p);
            f[3 * i] = view.writeCount(p) / (double) maxWrites;
            f[3 * i + 1] = (hi - lo) / (2.0 * window);
            f[3 * i + 2] = last < 0 ? 0 : 1 - Math.min(1, (elapsed - last) / elapsed);
        }
        return f;
    }

    private static int nearest(double[][] centres, double[] x, int at) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int k = 0; k < centres.length; k++) {
            double d = 0;
            for (int j = 0; j < 3; j++) {
                double diff = x[at + j] - centres[k][j];
                d += diff * diff;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }
}

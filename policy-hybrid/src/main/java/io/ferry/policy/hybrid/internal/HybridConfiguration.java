package io.ferry.policy.hybrid.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry hybrid policy",
        description = "Pre-copy while it converges; switch to post-copy when DP_t >= theta or the round "
                + "count exceeds N_max. k-means (K = 3, k-means++) on per-page write frequency, locality and "
                + "recency defers the high-write cluster of the last pre-copy round to the post-copy phase.")
@interface HybridConfiguration {

    @AttributeDefinition(name = "Theta (pages/s)",
            description = "Switch when the dirty-page rate DP_t reaches this many pages per second. 0 derives "
                    + "it from the link: thetaLinkFraction x the link's page rate (0 to 1e8).")
    double thetaPagesPerSecond() default 0;

    @AttributeDefinition(name = "Theta as a fraction of the link",
            description = "When thetaPagesPerSecond is 0: theta = this fraction of the pages per second the "
                    + "link can send. Pre-copy shrinks the dirty set only while DP_t stays below the link rate "
                    + "(0.01 to 10).")
    double thetaLinkFraction() default 0.5;

    @AttributeDefinition(name = "N_max",
            description = "Switch once the round count i exceeds N_max (1 to 1000).")
    int maxPreCopyRounds() default 3;

    @AttributeDefinition(name = "Target dirty pages",
            description = "Stop and copy instead of switching once no more than this many pages are dirty (>= 0).")
    int targetDirtyPages() default 50;

    @AttributeDefinition(name = "Defer the high-write cluster",
            description = "Leave the high-write cluster out of the last pre-copy round before the switch (round "
                    + "N_max + 1), switch after it whatever its rest, and push that cluster first. Earlier rounds "
                    + "send every pending page, as pre-copy does.")
    boolean deferHighWriteCluster() default true;

    @AttributeDefinition(name = "k-means iterations",
            description = "Maximum Lloyd iterations per clustering (1 to 10000).")
    int kmeansMaxIterations() default 300;

    @AttributeDefinition(name = "k-means sample",
            description = "Pending pages sampled (evenly) to fit the centroids; every pending page is then "
                    + "assigned to its nearest centroid (16 to 1048576).")
    int kmeansSampleSize() default 4096;

    @AttributeDefinition(name = "k-means seed",
            description = "Seed of the k-means++ initialisation, so decisions are reproducible.")
    long kmeansSeed() default 42;

    @AttributeDefinition(name = "Locality window",
            description = "A page's locality is the share of pending pages among its neighbours within this "
                    + "many pages on either side (1 to 4096).")
    int localityWindow() default 8;

    @AttributeDefinition(name = "Pre-paging window",
            description = "In the post-copy phase, on a fault at page p also push the missing pages among "
                    + "p+1 ... p+window (0 to 65536).")
    int prepageWindow() default 32;
}

package io.ferry.policy.hybrid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PageClustererTest {

    private final PageClusterer clusterer = new PageClusterer(8, 4096, 300, 42);

    @Test
    void clusterWhenThreeWriteGroupsThenFindsThemRankedByWriteFrequency() {
        PageClusters c = clusterer.cluster(FakePageView.threeGroups()).orElseThrow();
        assertThat(c.low()).containsExactly(IntStream.range(0, 100).toArray());
        assertThat(c.medium()).containsExactly(IntStream.range(100, 200).toArray());
        assertThat(c.high()).containsExactly(IntStream.range(200, 300).toArray());
    }

    @Test
    void clusterWhenSampleIsSmallerThanPendingThenStillAssignsEveryPendingPage() {
        PageClusters c = new PageClusterer(8, 16, 300, 42).cluster(FakePageView.threeGroups()).orElseThrow();
        assertThat(c.low().length + c.medium().length + c.high().length).isEqualTo(300);
        assertThat(c.high()).contains(250);
        assertThat(c.low()).contains(50);
    }

    @Test
    void clusterWhenTooFewPendingPagesThenDeclines() {
        FakePageView few = new FakePageView(new boolean[] {true, true, false}, new int[3], new double[3], 1);
        assertThat(clusterer.cluster(few)).isEmpty();
    }

    @Test
    void clusterIsDeterministicForASeed() {
        assertThat(clusterer.cluster(FakePageView.threeGroups()).orElseThrow().highToLow())
                .isEqualTo(new PageClusterer(8, 4096, 300, 42).cluster(FakePageView.threeGroups()).orElseThrow()
                        .highToLow());
    }

    @Test
    void ordersPutTheRightClusterFirst() {
        PageClusters c = new PageClusters(new int[] {1}, new int[] {2}, new int[] {3});
        assertThat(c.lowToHigh()).containsExactly(1, 2, 3);
        assertThat(c.highToLow()).containsExactly(3, 2, 1);
        assertThat(c.withoutHigh()).containsExactly(1, 2);
    }
}

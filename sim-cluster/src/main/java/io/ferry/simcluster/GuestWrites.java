package io.ferry.simcluster;

import io.ferry.api.model.DirtyBehaviour;
import io.ferry.engine.DirtyingModel;
import io.ferry.engine.SeededHash;

/**
 * How a simulated guest writes its memory: {@code pagesPerCpuSecond × vCPUs × utilisation} pages per second,
 * falling on a contiguous hot set of {@code hotSetFraction} of its pages (placed by the seed), Zipf-skewed by
 * {@code hotSetSkew} — the writable working set of Clark et al., "Live Migration of Virtual Machines", NSDI
 * 2005. A migration fixes the rate its VM has when it starts: for the seconds a migration lasts that keeps
 * each run a pure function of its seed; a VM that writes nothing migrates as {@link DirtyingModel.Idle}.
 *
 * <p>Cost: O(1) per question.
 *
 * @param pagesPerCpuSecond pages one fully busy vCPU writes per second, &gt;= 0
 * @param hotSetFraction    the share of the pages the writes fall on, in (0, 1]
 * @param hotSetSkew        the Zipf exponent of the writes within the hot set, &gt;= 0
 */
public record GuestWrites(double pagesPerCpuSecond, double hotSetFraction, double hotSetSkew) {

    /** The fastest page-write rate the engine accepts; a VM is never made to exceed it. */
    public static final double MAX_DIRTY_RATE = 1e8;

    /** @return the pages per second a VM of {@code vcpus} writes at {@code utilisation} */
    public double rate(int vcpus, double utilisation) {
        return Math.min(MAX_DIRTY_RATE, pagesPerCpuSecond * vcpus * utilisation);
    }

    /** @return the size of the hot set of a memory of {@code pages} pages, in [1, pages] */
    public long hotPages(long pages) {
        return Math.max(1, Math.min(pages, Math.round(hotSetFraction * pages)));
    }

    /** @return what a migration request says of a memory of {@code pages} pages written at {@code rate} */
    public DirtyBehaviour behaviour(double rate, long pages) {
        return new DirtyBehaviour(rate, hotPages(pages), DirtyBehaviour.Source.MEASURED);
    }

    /**
     * @param seed  the cluster's seed
     * @param vm    the VM's index (places its hot set)
     * @param pages its pages
     * @param rate  its writes per second while it migrates
     * @return the engine's model of those writes
     */
    public DirtyingModel model(long seed, int vm, long pages, double rate) {
        if (rate <= 0) {
            return new DirtyingModel.Idle();
        }
        long hot = hotPages(pages);
        int first = (int) Math.floorMod(SeededHash.hash(seed, SeedStreams.HOT_SET, vm, 0), pages - hot + 1);
        return new DirtyingModel.HotSet(rate, (int) hot, hotSetSkew, first);
    }
}

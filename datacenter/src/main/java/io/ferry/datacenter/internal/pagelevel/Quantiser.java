package io.ferry.datacenter.internal.pagelevel;

import io.ferry.datacenter.MigrationJob;

/**
 * Reduces a {@link MigrationJob} to its {@link Bucket}: RAM to the nearest multiple of a step (never below one
 * step), busy vCPUs ({@code cpuUtilisation × vcpus}, the utilisation clamped to [0, 1]) to the nearest multiple of
 * a CPU step; link and sharing count are kept exactly (a day has few distinct values of each). What the bucket
 * drops: the exact CPU share (at most half a step off) and the RAM below half a step; the job's vCPU MIPS, VM
 * index and seed, which the page-level cost does not depend on. Cost: a few arithmetic operations. Immutable.
 */
public final class Quantiser {

    private final long ramStepBytes;
    private final double cpuStep;

    /**
     * @param ramStepBytes the RAM step, &gt; 0
     * @param cpuStep      the CPU step in busy vCPUs, in (0, 1]
     */
    public Quantiser(long ramStepBytes, double cpuStep) {
        if (ramStepBytes <= 0) {
            throw new IllegalArgumentException("ramStepBytes = " + ramStepBytes + ": must be > 0");
        }
        if (!(cpuStep > 0 && cpuStep <= 1)) {
            throw new IllegalArgumentException("cpuStep = " + cpuStep + ": must be in (0, 1]");
        }
        this.ramStepBytes = ramStepBytes;
        this.cpuStep = cpuStep;
    }

    /**
     * @param job a migration as it starts
     * @return its bucket
     * @throws IllegalArgumentException when the job has no memory, no vCPU, no link or a sharing count below 1
     */
    public Bucket bucketOf(MigrationJob job) {
        if (job.ramBytes() <= 0 || job.vcpus() <= 0 || job.linkBytesPerSecond() <= 0 || job.sharingSourceLink() < 1) {
            throw new IllegalArgumentException("migration of VM " + job.vm() + ": ramBytes = " + job.ramBytes()
                    + ", vcpus = " + job.vcpus() + ", linkBytesPerSecond = " + job.linkBytesPerSecond()
                    + ", sharingSourceLink = " + job.sharingSourceLink() + ": must be > 0, > 0, > 0, >= 1");
        }
        long steps = Math.max(1, Math.round((double) job.ramBytes() / ramStepBytes));
        double u = job.cpuUtilisation();
        u = u > 0 ? Math.min(u, 1) : 0; // NaN and negatives count as idle
        int busy = (int) Math.round(u * job.vcpus() / cpuStep);
        return new Bucket(steps * ramStepBytes, busy, job.linkBytesPerSecond(), job.sharingSourceLink());
    }

    /** @return the busy vCPUs a bucket stands for: its steps × the CPU step */
    public double busyVcpus(Bucket bucket) {
        return bucket.busyVcpuSteps() * cpuStep;
    }
}

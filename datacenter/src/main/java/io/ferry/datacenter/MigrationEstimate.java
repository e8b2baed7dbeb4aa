package io.ferry.datacenter;

/**
 * What one migration costs.
 *
 * @param durationSeconds  from start to the VM running on its target alone, &gt; 0
 * @param downtimeSeconds  how long the VM was paused (0 under the {@code cloudsim} model, which has none)
 * @param bytesMoved       bytes put on the link
 * @param degradedSeconds  how long the VM ran on its target with pages still missing (post-copy), else 0
 * @param lostCpuShare     the share of the VM's CPU demand it did not get over the whole duration, in [0, 1]:
 *                         0.1 under {@code cloudsim}; the pause plus the post-copy stalls under
 *                         {@code page-level}. PDM counts it.
 * @param postCopy         whether the migration ended in post-copy
 */
public record MigrationEstimate(double durationSeconds, double downtimeSeconds, long bytesMoved,
        double degradedSeconds, double lostCpuShare, boolean postCopy) {
}

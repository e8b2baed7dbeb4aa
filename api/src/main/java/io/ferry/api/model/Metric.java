package io.ferry.api.model;

/**
 * A metric series a predictor can forecast. XenServer provides every metric here except
 * {@link #DIRTY_PAGES_PER_SECOND}, which only QEMU and the simulation engine measure; on XenServer a
 * dirty-rate predictor has to infer it from the other series.
 */
public enum Metric {
    /** Fraction of the subject's CPUs in use, in [0, 1]. */
    CPU_UTILISATION,
    /** Memory in use, in bytes. */
    MEMORY_USED_BYTES,
    /** Disk reads, bytes per second. */
    DISK_READ_BYTES_PER_SECOND,
    /** Disk writes, bytes per second. */
    DISK_WRITE_BYTES_PER_SECOND,
    /** Network receive, bytes per second. */
    NET_RX_BYTES_PER_SECOND,
    /** Network transmit, bytes per second. */
    NET_TX_BYTES_PER_SECOND,
    /** Page writes per second: measured by QEMU and the engine, never by XenServer. */
    DIRTY_PAGES_PER_SECOND
}

package io.ferry.api.model;

/**
 * What is known, or believed, about how fast a VM dirties its memory: the input to a policy's cost
 * prediction.
 *
 * @param pagesPerSecond page writes per second (not distinct pages), &gt;= 0
 * @param hotPages       the size of the writable working set in pages, or 0 when writes spread over all memory
 * @param source         where the figure comes from; on XenServer it can only be {@link Source#INFERRED} or
 *                       {@link Source#PREDICTED}, because XAPI exposes no dirty-page rate
 */
public record DirtyBehaviour(double pagesPerSecond, long hotPages, Source source) {

    /** The provenance of a dirty-rate figure. */
    public enum Source {
        /** Measured by the hypervisor (QEMU's dirty-rate sampling, the engine's own log). */
        MEASURED,
        /** Forecast by a {@code Predictor}. */
        PREDICTED,
        /** Inferred from proxies (CPU, disk and network rates, earlier migrations). */
        INFERRED,
        /** Given by an operator or a scenario file. */
        ASSUMED
    }

    public DirtyBehaviour {
        Require.nonNegative(pagesPerSecond, "pagesPerSecond");
        Require.nonNegative(hotPages, "hotPages");
        Require.nonNull(source, "source");
    }
}

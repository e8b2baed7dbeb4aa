package io.ferry.simpool.internal;

/**
 * What each VM of a simulated pool does with its vCPUs over simulated time: the one input from which the
 * pool derives CPU telemetry, host load and each VM's dirty-page rate.
 *
 * <p>Implementations are pure functions of (VM, time): the same question always gets the same answer, so the
 * telemetry is deterministic whatever the tick length or the order of calls. {@link SyntheticWorkload} is the
 * default; {@link TraceWorkload} replays PlanetLab traces.
 */
interface CpuWorkload {

    /**
     * @param vm      the VM's index
     * @param seconds simulated seconds since the pool started, &gt;= 0
     * @return the share of the VM's vCPUs in use, in [0, 1]
     */
    double utilisation(int vm, double seconds);
}

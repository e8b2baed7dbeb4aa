package io.ferry.agent.dqn.training;

import io.ferry.datacenter.DatacenterWorkload;

/** A window of a day: samples {@code from} to {@code from + samples - 1} of another workload. Immutable. */
final class WindowedWorkload implements DatacenterWorkload {

    private final DatacenterWorkload day;
    private final int from;
    private final int samples;

    WindowedWorkload(DatacenterWorkload day, int from, int samples) {
        if (from < 0 || samples < 1 || from + samples > day.samples()) {
            throw new IllegalArgumentException("window from " + from + " of " + samples + " samples: the day has "
                    + day.samples());
        }
        this.day = day;
        this.from = from;
        this.samples = samples;
    }

    @Override
    public String label() {
        return day.label() + "[" + from + "+" + samples + "]";
    }

    @Override
    public int vms() {
        return day.vms();
    }

    @Override
    public String vmName(int vm) {
        return day.vmName(vm);
    }

    @Override
    public int samples() {
        return samples;
    }

    @Override
    public double utilisation(int vm, int sample) {
        return day.utilisation(vm, from + sample);
    }
}

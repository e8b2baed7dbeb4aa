package io.ferry.datacenter.internal;

import io.ferry.datacenter.DatacenterWorkload;
import java.util.Objects;

/** A workload held as samples in memory: what every factory of {@code DatacenterWorkloads} returns. Immutable. */
public final class SampledWorkload implements DatacenterWorkload {

    private final String label;
    private final String[] names;
    private final double[][] values;

    /**
     * @param label  for reports
     * @param names  one per VM (copied)
     * @param values {@code values[vm][k]} in [0, 1], rows of one length &gt; 0 (copied)
     */
    public SampledWorkload(String label, String[] names, double[][] values) {
        this.label = Objects.requireNonNull(label, "label");
        if (values.length == 0 || names.length != values.length) {
            throw new IllegalArgumentException("workload " + label + ": " + values.length + " VMs and "
                    + names.length + " names: must be as many, > 0");
        }
        this.names = names.clone();
        this.values = new double[values.length][];
        for (int vm = 0; vm < values.length; vm++) {
            if (values[vm].length == 0 || values[vm].length != values[0].length) {
                throw new IllegalArgumentException("workload " + label + ": VM " + vm + " has " + values[vm].length
                        + " samples: every VM must have the same number, > 0 (" + values[0].length + ")");
            }
            for (int k = 0; k < values[vm].length; k++) {
                if (!(values[vm][k] >= 0 && values[vm][k] <= 1)) {
                    throw new IllegalArgumentException("workload " + label + ": VM " + vm + " sample " + k + " = "
                            + values[vm][k] + ": must be in [0, 1]");
                }
            }
            this.values[vm] = values[vm].clone();
        }
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public int vms() {
        return values.length;
    }

    @Override
    public String vmName(int vm) {
        return names[vm];
    }

    @Override
    public int samples() {
        return values[0].length;
    }

    @Override
    public double utilisation(int vm, int sample) {
        return values[vm][sample];
    }
}

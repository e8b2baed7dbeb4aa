package io.ferry.agent.consolidation.internal;

import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * MC: the VM whose utilisation history the other VMs' histories explain best — the largest R² of an ordinary
 * least-squares regression of its history on theirs ({@code PowerVmSelectionPolicyMaximumCorrelation}, after
 * Verma et al.). Histories are cut to the shortest one (newest values kept). When the regression is impossible
 * (one VM, too few samples for the number of VMs, a singular design) the fallback decides (MMT in CloudSim's
 * examples); when no R² exceeds {@code Double.MIN_VALUE} the first VM is taken, as CloudSim does.
 *
 * <p>Cost: per call O(n × (m n² )) for n VMs and m ≤ 30 samples; n is a handful on a host.
 */
final class MaximumCorrelationSelector implements VmSelector {

    private final VmSelector fallback;

    MaximumCorrelationSelector(VmSelector fallback) {
        this.fallback = fallback;
    }

    @Override
    public String label() {
        return "MC";
    }

    @Override
    public VmSelector forRound(long roundSeed) {
        VmSelector f = fallback.forRound(roundSeed);
        return f == fallback ? this : new MaximumCorrelationSelector(f);
    }

    @Override
    public Optional<WorkingVm> select(List<WorkingVm> candidates) {
        double[] r2;
        try {
            r2 = rSquared(candidates);
        } catch (IllegalArgumentException e) {
            return fallback.select(candidates);
        }
        double max = Double.MIN_VALUE;
        int index = 0;
        for (int i = 0; i < r2.length; i++) {
            if (r2[i] > max) {
                max = r2[i];
                index = i;
            }
        }
        return Optional.of(candidates.get(index));
    }

    /** @return each VM's R² against the others; Commons Math's IllegalArgumentException when not computable */
    static double[] rSquared(List<WorkingVm> vms) {
        int n = vms.size();
        int m = Integer.MAX_VALUE;
        for (WorkingVm vm : vms) {
            m = Math.min(m, vm.history().length);
        }
        double[][] data = new double[n][];
        for (int i = 0; i < n; i++) {
            data[i] = java.util.Arrays.copyOf(vms.get(i).history(), m);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double[][] others = new double[n - 1][];
            int k = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    others[k++] = data[j];
                }
            }
            double[][] design = new Array2DRowRealMatrix(others).transpose().getData();
            OLSMultipleLinearRegression regression = new OLSMultipleLinearRegression();
            regression.newSampleData(data[i], design);
            out[i] = regression.calculateRSquared();
        }
        return out;
    }
}

package io.ferry.simcluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The first draws of every simulated layout: each VM's memory and vCPUs, picked uniformly from the configured
 * choices, then a random order of the VMs (the first {@code haltedVms} of which a layout halts). Every front end
 * draws these first from its seed's {@link Random}, in this order, so that one seed gives the same VMs whatever
 * front end lays them out. Cost: O(VMs).
 *
 * @param memoryBytes per VM, its memory
 * @param vcpus       per VM, its vCPUs
 * @param order       the VMs in a random order
 */
public record VmSizes(long[] memoryBytes, int[] vcpus, List<Integer> order) {

    private static final long GIB = 1L << 30;

    /**
     * @param rnd       the layout's random source (advanced by 2 × vms draws and a shuffle)
     * @param vms       how many VMs
     * @param memoryGiB the memory sizes to choose from, in GiB
     * @param vcpus     the vCPU counts to choose from
     */
    public static VmSizes draw(Random rnd, int vms, List<Integer> memoryGiB, List<Integer> vcpus) {
        long[] memory = new long[vms];
        int[] cpus = new int[vms];
        for (int i = 0; i < vms; i++) {
            memory[i] = memoryGiB.get(rnd.nextInt(memoryGiB.size())) * GIB;
            cpus[i] = vcpus.get(rnd.nextInt(vcpus.size()));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < vms; i++) {
            order.add(i);
        }
        Collections.shuffle(order, rnd);
        return new VmSizes(memory, cpus, List.copyOf(order));
    }
}

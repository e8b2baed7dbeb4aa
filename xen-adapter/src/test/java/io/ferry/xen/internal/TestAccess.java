package io.ferry.xen.internal;

import com.xensource.xenapi.VM;

/** Reads the adapter's cached state for assertions. */
final class TestAccess {

    private TestAccess() {
    }

    /** @return whether the adapter's inventory shows no operation running on the VM with this UUID */
    static boolean noOperation(XenHypervisorAdapter adapter, String vmUuid) {
        Inventory inv = adapter.inventory();
        VM.Record r = inv.vmRef(vmUuid).flatMap(inv::vm).orElseThrow();
        return r.currentOperations == null || r.currentOperations.isEmpty();
    }
}

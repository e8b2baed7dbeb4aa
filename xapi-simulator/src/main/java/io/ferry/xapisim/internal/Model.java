package io.ferry.xapisim.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state behind each xapi class. Fields are package-private and mutable, guarded by the pool's lock; a
 * change that clients may observe goes through {@link Database#touch} so that {@code event.from} reports it.
 * {@link Records} turns these into wire records.
 */
final class Model {

    private Model() {
    }

    /** The pool object: its name and master. */
    static final class Pool extends XObject {
        final String nameLabel;
        Host master;

        Pool(String ref, String uuid, String nameLabel) {
            super(XClass.POOL, ref, uuid);
            this.nameLabel = nameLabel;
        }
    }

    /** A host: its hardware, its control domain, its liveness. */
    static final class Host extends XObject {
        final int index;
        final String nameLabel;
        final String hostname;
        final String address;
        final int cpus;
        final long memoryTotal;
        final long memoryOverhead;
        final String iscsiIqn;
        Vm controlDomain;
        HostMetrics metrics;
        boolean live = true;
        /** Simulated time at which an offline host comes back, +∞ when it stays down. */
        double offlineUntil;

        Host(String ref, String uuid, int index, String nameLabel, String hostname, String address, int cpus,
                long memoryTotal, long memoryOverhead, String iscsiIqn) {
            super(XClass.HOST, ref, uuid);
            this.index = index;
            this.nameLabel = nameLabel;
            this.hostname = hostname;
            this.address = address;
            this.cpus = cpus;
            this.memoryTotal = memoryTotal;
            this.memoryOverhead = memoryOverhead;
            this.iscsiIqn = iscsiIqn;
        }
    }

    /** A host's metrics object. */
    static final class HostMetrics extends XObject {
        final Host host;
        Instant lastUpdated;

        HostMetrics(String ref, String uuid, Host host, Instant lastUpdated) {
            super(XClass.HOST_METRICS, ref, uuid);
            this.host = host;
            this.lastUpdated = lastUpdated;
        }
    }

    /** What a VM object is. */
    enum VmKind {
        /** An ordinary guest: what an adapter may migrate. */
        GUEST,
        /** A host's control domain (dom0): {@code is_control_domain = true}, never migrated. */
        CONTROL_DOMAIN,
        /** A template: {@code is_a_template = true}, always halted. */
        TEMPLATE
    }

    /** xapi's VM power states as they go on the wire (capitalised) and in error parameters (lowercase). */
    enum PowerState {
        HALTED("Halted"), RUNNING("Running");

        final String wire;

        PowerState(String wire) {
            this.wire = wire;
        }

        String lower() {
            return wire.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A VM: guest, control domain or template. */
    static final class Vm extends XObject {
        final VmKind kind;
        final String nameLabel;
        final String nameDescription;
        /** Index of the guest's workload, -1 for templates; control domains have their own. */
        final int workload;
        final int vcpus;
        final long memoryStaticMin;
        final long memoryStaticMax;
        final long memoryDynamicMin;
        final long memoryDynamicMax;
        final long memoryOverhead;
        final String referenceLabel;
        final String macSeed;
        PowerState powerState;
        Host residentOn;
        long domid;
        VmMetrics metrics;
        VmGuestMetrics guestMetrics;
        /** task or dummy-task reference → operation, as in {@code current_operations}. */
        final Map<String, String> currentOperations = new LinkedHashMap<>();
        /** Where the VM ran since the simulation started: (simulated time, host index) in time order. */
        final List<double[]> residency = new ArrayList<>();

        Vm(String ref, String uuid, VmKind kind, String nameLabel, String nameDescription, int workload, int vcpus,
                long memoryStaticMin, long memoryStaticMax, long memoryDynamicMin, long memoryDynamicMax,
                long memoryOverhead, String referenceLabel, String macSeed) {
            super(XClass.VM, ref, uuid);
            this.kind = kind;
            this.nameLabel = nameLabel;
            this.nameDescription = nameDescription;
            this.workload = workload;
            this.vcpus = vcpus;
            this.memoryStaticMin = memoryStaticMin;
            this.memoryStaticMax = memoryStaticMax;
            this.memoryDynamicMin = memoryDynamicMin;
            this.memoryDynamicMax = memoryDynamicMax;
            this.memoryOverhead = memoryOverhead;
            this.referenceLabel = referenceLabel;
            this.macSeed = macSeed;
        }

        boolean running() {
            return powerState == PowerState.RUNNING;
        }

        /** @return the memory the VM uses while it runs: its dynamic maximum (the balloon target) */
        long memoryTarget() {
            return running() ? memoryDynamicMax : 0;
        }

        /**
         * @return the index of the host the VM was resident on at simulated time {@code t} (its first host for
         *         any time before the simulation started), or -1 for a VM that never ran; O(log moves)
         */
        int hostAt(double t) {
            if (residency.isEmpty()) {
                return -1;
            }
            int lo = 0;
            int hi = residency.size() - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (residency.get(mid)[0] <= t) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return (int) residency.get(lo)[1];
        }
    }

    /** A VM's metrics object. */
    static final class VmMetrics extends XObject {
        final Vm vm;
        Instant startTime;
        final Instant installTime;
        Instant lastUpdated;

        VmMetrics(String ref, String uuid, Vm vm, Instant startTime, Instant installTime) {
            super(XClass.VM_METRICS, ref, uuid);
            this.vm = vm;
            this.startTime = startTime;
            this.installTime = installTime;
            this.lastUpdated = Instant.EPOCH;
        }
    }

    /** A running guest's guest-agent metrics object. */
    static final class VmGuestMetrics extends XObject {
        final Vm vm;
        final String ip;
        Instant lastUpdated;

        VmGuestMetrics(String ref, String uuid, Vm vm, String ip, Instant lastUpdated) {
            super(XClass.VM_GUEST_METRICS, ref, uuid);
            this.vm = vm;
            this.ip = ip;
            this.lastUpdated = lastUpdated;
        }
    }

    /** xapi's task states, as on the wire. */
    enum TaskStatus {
        PENDING("pending"), SUCCESS("success"), FAILURE("failure"), CANCELLING("cancelling"),
        CANCELLED("cancelled");

        final String wire;

        TaskStatus(String wire) {
            this.wire = wire;
        }

        boolean finished() {
            return this == SUCCESS || this == FAILURE || this == CANCELLED;
        }
    }

    /** A task of an asynchronous call. */
    static final class Task extends XObject {
        final String nameLabel;
        final String nameDescription;
        final Instant created;
        final Host residentOn;
        final String session;
        Instant finished = Instant.EPOCH;
        TaskStatus status = TaskStatus.PENDING;
        double progress;
        String result = "";
        List<String> errorInfo = List.of();
        boolean cancellable;
        final Map<String, String> currentOperations = new LinkedHashMap<>();

        Task(String ref, String uuid, String nameLabel, String nameDescription, Instant created, Host residentOn,
                String session) {
            super(XClass.TASK, ref, uuid);
            this.nameLabel = nameLabel;
            this.nameDescription = nameDescription;
            this.created = created;
            this.residentOn = residentOn;
            this.session = session;
        }
    }

    /** A login session. */
    static final class Session extends XObject {
        final String user;
        final Host thisHost;
        final String originator;
        final Instant validationTime;
        /** The clock's reading at login (wall nanoseconds, unscaled), for expiry after seconds. */
        final long loginNanos;
        Instant lastActive;
        long calls;

        Session(String ref, String uuid, String user, Host thisHost, String originator, Instant now,
                long loginNanos) {
            super(XClass.SESSION, ref, uuid);
            this.user = user;
            this.thisHost = thisHost;
            this.originator = originator;
            this.validationTime = now;
            this.lastActive = now;
            this.loginNanos = loginNanos;
        }
    }
}

package io.ferry.qemu.internal;

import io.ferry.api.model.Metric;
import io.ferry.api.model.VmId;
import io.ferry.qemu.GuestSpec;
import io.ferry.qemu.Heartbeat;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a pool knows of one guest: its spec, the QEMU process that runs it now, the tails of the processes it ran
 * in before (so heartbeats span its whole life), the migration in flight, and its metric samples. Fields are
 * guarded by the pool's lock except where noted.
 */
final class GuestRecord {

    /** One metric sample. */
    record Sample(Instant at, double value) {
    }

    final VmId id;
    final GuestSpec spec;
    /** The process that runs the guest now; null once it is lost or stopped. Volatile: read without the lock. */
    volatile QemuProcess process;
    /** The migration in flight, or null. */
    QemuMigration migration;
    /** Tails of earlier processes, oldest first (bounded). */
    final Deque<HeartbeatTail> pastTails = new ArrayDeque<>();
    /** Metric samples per metric, oldest first (bounded by the pool's metricsSamples). */
    final Map<Metric, Deque<Sample>> samples = new EnumMap<>(Metric.class);
    /** CPU seconds and time of the previous CPU sample, for the next delta; NaN before the first. */
    double lastCpuSeconds = Double.NaN;
    long lastCpuNanos;

    GuestRecord(VmId id, GuestSpec spec, QemuProcess process) {
        this.id = id;
        this.spec = spec;
        this.process = process;
    }

    void addSample(Metric metric, Sample sample, int capacity) {
        Deque<Sample> d = samples.computeIfAbsent(metric, m -> new ArrayDeque<>());
        if (d.size() == capacity) {
            d.removeFirst();
        }
        d.addLast(sample);
    }

    /** @return heartbeats of every process this guest ran in, oldest first, at most {@code capacity} */
    List<Heartbeat> heartbeats(int capacity) {
        List<Heartbeat> all = new ArrayList<>();
        for (HeartbeatTail t : pastTails) {
            all.addAll(t.heartbeats());
        }
        QemuProcess p = process;
        if (p != null) {
            all.addAll(p.tail().heartbeats());
        }
        return all.size() <= capacity ? all : new ArrayList<>(all.subList(all.size() - capacity, all.size()));
    }
}

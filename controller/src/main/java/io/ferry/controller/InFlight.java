package io.ferry.controller;

import io.ferry.api.model.HostId;
import io.ferry.api.model.MigrationId;
import io.ferry.api.model.MigrationProgress;
import io.ferry.api.model.VmId;
import java.time.Instant;

/**
 * A migration in flight.
 *
 * @param id       its identity
 * @param vm       the VM
 * @param source   where it runs
 * @param target   where it goes
 * @param policy   the policy it started with (and keeps until it ends)
 * @param bundle   that policy's bundle and version, as {@code symbolic-name/version}
 * @param progress where it is
 * @param started  when it started
 */
public record InFlight(MigrationId id, VmId vm, HostId source, HostId target, String policy, String bundle,
        MigrationProgress progress, Instant started) {
}

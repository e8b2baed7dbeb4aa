package io.ferry.qemu.testbed;

import io.ferry.api.model.HostId;

/**
 * Whether a guest is alive where it should be, with its memory intact: new heartbeats on that host with
 * increasing sequence numbers, after at least one full integrity pass that started there, and zero corrupted
 * pages.
 *
 * @param host            where the guest was expected
 * @param alive           new heartbeats arrived there, in increasing sequence
 * @param fullPass        a whole integrity pass ran there (every page checked after the guest arrived)
 * @param corruptPages    corrupted pages the guest has counted in its life (cumulative)
 * @param firstSequence   the first new heartbeat's sequence number, or -1
 * @param lastSequence    the last one read, or -1
 * @param writesPerSecond the guest's writes per second over the new heartbeats
 * @param message         one line saying what was seen
 */
public record IntegrityVerdict(HostId host, boolean alive, boolean fullPass, long corruptPages, long firstSequence,
        long lastSequence, double writesPerSecond, String message) {

    /** @return alive, with a full pass and no corrupted page */
    public boolean intact() {
        return alive && fullPass && corruptPages == 0;
    }
}

package io.ferry.stream;

import io.ferry.stream.internal.JsonPoolSamples;

/**
 * The JSON form of a {@link PoolSample} (UTF-8; the layouts are pinned by golden files in this module's tests and
 * described in the README). Writes schema version {@value PoolSample#SCHEMA_VERSION}; reads version 1 (no
 * {@code hypervisor}: the sample's {@link PoolSample#hypervisor()} is empty) and version 2. Decoding checks every
 * field: a message that is not JSON, lacks a field, carries a value of the wrong type or one the model rejects, or
 * names a newer schema version is refused with an {@link UnreadableSampleException}, never half-read. Fields a
 * newer minor writer adds are ignored, and so are capability names this build does not know.
 *
 * <p>Exact: instants and durations as ISO-8601, doubles in their shortest round-tripping form, so that
 * {@code decode(encode(s)).equals(s)}. Cost: linear in hosts + VMs + window samples; about 100 bytes per VM and
 * 10 bytes per window sample. Thread-safe; stateless.
 */
public final class PoolSampleCodec {

    private PoolSampleCodec() {
    }

    /** @return the sample as UTF-8 JSON, schema version {@link PoolSample#SCHEMA_VERSION} */
    public static byte[] encode(PoolSample sample) {
        return JsonPoolSamples.encode(sample);
    }

    /**
     * @return the sample the bytes hold
     * @throws UnreadableSampleException when they are malformed or of a future schema version
     */
    public static PoolSample decode(byte[] json) throws UnreadableSampleException {
        return JsonPoolSamples.decode(json);
    }
}

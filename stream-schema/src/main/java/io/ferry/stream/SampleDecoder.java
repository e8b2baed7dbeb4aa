package io.ferry.stream;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a consumer of {@code vm-metrics} decodes each record's value with: a readable sample comes back, anything
 * else is skipped and counted by reason, with the last reason kept for status — one bad or future-version
 * message never stops the consumer.
 *
 * <p>Cost: the codec's per message, plus three atomic counters. Thread-safe.
 */
public final class SampleDecoder {

    private final AtomicLong decoded = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong future = new AtomicLong();
    private final AtomicReference<Optional<String>> lastProblem = new AtomicReference<>(Optional.empty());

    /**
     * @param value a record's value; {@code null} (a tombstone) counts as malformed
     * @return the sample, or empty when it was skipped (and counted)
     */
    public Optional<PoolSample> decode(byte[] value) {
        try {
            if (value == null) {
                throw new UnreadableSampleException(UnreadableSampleException.Reason.MALFORMED, "no value");
            }
            PoolSample s = PoolSampleCodec.decode(value);
            decoded.incrementAndGet();
            return Optional.of(s);
        } catch (UnreadableSampleException e) {
            (e.reason() == UnreadableSampleException.Reason.FUTURE_VERSION ? future : malformed).incrementAndGet();
            lastProblem.set(Optional.of(e.getMessage()));
            return Optional.empty();
        }
    }

    /** @return samples decoded */
    public long decoded() {
        return decoded.get();
    }

    /** @return messages skipped as malformed */
    public long malformed() {
        return malformed.get();
    }

    /** @return messages skipped as of a future schema version */
    public long futureVersion() {
        return future.get();
    }

    /** @return why the last skipped message was skipped */
    public Optional<String> lastProblem() {
        return lastProblem.get();
    }
}

package io.ferry.kafka.broker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link KafkaBroker} is started.
 *
 * @param startTimeout how long one start may take until the broker answers a metadata request; a start that takes
 *                     longer is abandoned and tried once more on fresh ports and a fresh directory (one start in six
 *                     stalls for about 150 s on a 2-core machine, ../shared/reference/kafka.md)
 * @param opTimeout    how long a topic creation or a shutdown may take
 * @param overrides    broker properties set after Ferry's own (e.g. {@code transaction.max.timeout.ms})
 */
public record BrokerOptions(Duration startTimeout, Duration opTimeout, Map<String, String> overrides) {

    /** 60 s per start attempt. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    /** 30 s per topic creation or shutdown. */
    public static final Duration DEFAULT_OP_TIMEOUT = Duration.ofSeconds(30);

    public BrokerOptions {
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(opTimeout, "opTimeout");
        overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
    }

    /** @return the defaults: 60 s per start, 30 s per operation, no overrides */
    public static BrokerOptions defaults() {
        return new BrokerOptions(DEFAULT_START_TIMEOUT, DEFAULT_OP_TIMEOUT, Map.of());
    }

    /** @return these options with one more broker property */
    public BrokerOptions with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(overrides);
        m.put(key, value);
        return new BrokerOptions(startTimeout, opTimeout, m);
    }

    /** @return these options with another start timeout */
    public BrokerOptions withStartTimeout(Duration timeout) {
        return new BrokerOptions(timeout, opTimeout, overrides);
    }
}

package io.ferry.xapisim.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * The XML-RPC value types that need more than a plain Java type to say how they go on the wire. Everything
 * else maps directly: {@link String} is an untyped {@code <value>s</value>}, {@link Long} (xapi's int64) an
 * untyped decimal string, {@link Boolean} a {@code <boolean>}, {@link Double} a {@code <double>}, a
 * {@link java.util.Collection} an {@code <array>}, a {@link java.util.Map} with string keys a {@code <struct>}.
 */
final class Wire {

    private Wire() {
    }

    /**
     * A {@code <dateTime.iso8601>}, written to the second in UTC as {@code yyyyMMddTHH:mm:ssZ}.
     *
     * @param instant the time
     */
    record DateTime(Instant instant) {
        DateTime {
            Objects.requireNonNull(instant, "instant");
        }

        /** xapi's "never": the epoch. */
        static final DateTime EPOCH = new DateTime(Instant.EPOCH);
    }

    /**
     * A typed {@code <i4>}: xapi sends one only in {@code event.from}'s {@code valid_ref_counts}; every other
     * integer is an int64 and goes untyped.
     *
     * @param value the number
     */
    record Int32(int value) {
    }

    /** A {@code <nil/>} received in a request (never sent). */
    enum Nil {
        NIL
    }
}

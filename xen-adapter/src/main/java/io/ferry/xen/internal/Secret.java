package io.ferry.xen.internal;

import java.util.Arrays;

/**
 * A password held so that it cannot leak by accident: {@link #toString()} never shows it, so a settings record,
 * a log line or an exception message that includes it by mistake prints {@value #MASK}. Only {@link #reveal()}
 * gives the text, at the one place that hands it to XAPI or to a key store.
 *
 * <p>Decides nothing; cost O(length).
 */
final class Secret {

    /** What {@link #toString()} prints. */
    static final String MASK = "(secret)";

    /** The empty secret. */
    static final Secret NONE = new Secret(new char[0]);

    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** @return a secret holding {@code text} (null: empty) */
    static Secret of(String text) {
        return text == null || text.isEmpty() ? NONE : new Secret(text.toCharArray());
    }

    /** @return the text; call only where XAPI or a key store needs it */
    String reveal() {
        return new String(value);
    }

    /** @return a copy of the characters, for APIs that take a char array */
    char[] chars() {
        return value.clone();
    }

    /** @return whether there is no secret */
    boolean isEmpty() {
        return value.length == 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return isEmpty() ? "(none)" : MASK;
    }
}

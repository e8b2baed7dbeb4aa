package io.ferry.cli;

/**
 * A mistake in what the user typed: an unknown name, a malformed or out-of-range value, a bad scenario file.
 * The command prints its one-line message to stderr, without a stack trace, and exits with status 2.
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one line naming the parameter, the value and what is accepted */
    public UsageException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the parameter, the value and what is accepted
     * @param cause   the exception that revealed the mistake
     */
    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.ferry.qemu.testbed;

/**
 * The testbed cannot run on this machine: not Linux x86-64, no apt-get, the Debian mirror unreachable, the setup
 * script failed. The message is one line saying why; tests skip with it, or fail with it under {@code CI=true}.
 */
public final class TestbedUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message one line: what is missing or what failed */
    public TestbedUnavailableException(String message) {
        super(message);
    }

    /** @param message one line: what failed; @param cause the failure */
    public TestbedUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

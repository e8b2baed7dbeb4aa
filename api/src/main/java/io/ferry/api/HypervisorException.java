package io.ferry.api;

/**
 * A hypervisor refused a call or could not be reached. Carries the hypervisor's own error code (for XAPI,
 * the first element of {@code ErrorDescription}, such as {@code HOST_NOT_ENOUGH_FREE_MEMORY}) so the operator
 * sees exactly what it said.
 */
public class HypervisorException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * @param code    the hypervisor's error code, or a short Ferry code such as {@code UNREACHABLE}
     * @param message one line: what failed and what the code means
     * @param cause   the underlying failure, or null
     */
    public HypervisorException(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    /** @return the hypervisor's error code */
    public String code() {
        return code;
    }
}

package io.ferry.xen.internal;

import io.ferry.api.HypervisorException;
import java.util.List;

/**
 * A XenAPI call that failed, reduced to what an operator needs: XAPI's error code (or one of the adapter's own:
 * {@value #UNREACHABLE}, {@value #REPLY_LOST}, {@value #PROTOCOL}), its parameters and a one-line meaning.
 * Checked, so that every call site decides what a failure means for it.
 */
final class XapiException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The pool master could not be reached (connection refused, timed out, TLS failure). */
    static final String UNREACHABLE = "UNREACHABLE";
    /** The call was sent but its reply was lost: it may or may not have taken effect. */
    static final String REPLY_LOST = "REPLY_LOST";
    /** The server answered something that is not XAPI's XML-RPC (or was refused unparsed). */
    static final String PROTOCOL = "PROTOCOL_ERROR";

    private final String code;
    private final List<String> params;
    private final String meaning;

    /**
     * @param code    XAPI's error code, or one of this class's
     * @param params  the error's parameters (XAPI's {@code ErrorDescription} after the code)
     * @param meaning one line for the operator
     * @param cause   the underlying exception, or null
     */
    XapiException(String code, List<String> params, String meaning, Throwable cause) {
        super(code + ": " + meaning, cause);
        this.code = code;
        this.params = List.copyOf(params);
        this.meaning = meaning;
    }

    String code() {
        return code;
    }

    List<String> params() {
        return params;
    }

    String meaning() {
        return meaning;
    }

    /** @return whether this is a transport failure (nothing was answered), as opposed to an answer from XAPI */
    boolean transport() {
        return code.equals(UNREACHABLE) || code.equals(REPLY_LOST) || code.equals(PROTOCOL);
    }

    /** @return the same failure for the SPI, prefixed with what was being done */
    HypervisorException toHypervisor(String doing) {
        return new HypervisorException(code, doing + ": " + meaning, this);
    }
}

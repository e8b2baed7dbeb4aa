package io.ferry.xen.internal;

import com.xensource.xenapi.Types;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * XAPI's error codes and what they mean for an operator, and the reduction of everything a call can throw to one
 * {@link XapiException}: an error XAPI answered (the SDK's typed exceptions carry their parameters as fields and
 * the code only in their class name; unknown codes arrive verbatim in {@code errorDescription}), or a transport
 * failure, told apart as {@link XapiException#UNREACHABLE} (nothing was sent) or
 * {@link XapiException#REPLY_LOST} (sent, reply lost: the call may have taken effect).
 *
 * <p>Decides nothing else; cost O(exception chain).
 */
final class XapiErrors {

    private XapiErrors() {
    }

    /** @return {@code t} as one failure with XAPI's code (or the adapter's) and a one-line meaning */
    static XapiException of(Throwable t) {
        if (t instanceof XapiException x) {
            return x;
        }
        if (t instanceof Types.BadServerResponse) {
            return new XapiException(XapiException.PROTOCOL, List.of(), "the server's reply is not a XenAPI "
                    + "response: " + oneLine(t.toString()), t);
        }
        if (t instanceof Types.XenAPIException x) {
            String code;
            List<String> params;
            if (x.errorDescription != null && x.errorDescription.length > 0) {
                code = x.errorDescription[0];
                params = new ArrayList<>(List.of(x.errorDescription).subList(1, x.errorDescription.length));
            } else {
                code = codeOf(x.getClass());
                params = fields(x);
            }
            return new XapiException(code, params, meaning(code, params), t);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException io && String.valueOf(io.getMessage()).contains("CVE-")) {
                return new XapiException(XapiException.PROTOCOL, List.of(), oneLine(io.getMessage()), t);
            }
            if (c instanceof SSLException) {
                return new XapiException(XapiException.UNREACHABLE, List.of(), "TLS handshake failed: "
                        + oneLine(c.getMessage()) + " (check trustStore / certificateFingerprint)", t);
            }
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException) {
                return new XapiException(XapiException.UNREACHABLE, List.of(), "cannot connect: "
                        + c.getClass().getSimpleName() + " " + oneLine(c.getMessage()), t);
            }
            if (c instanceof SocketTimeoutException s) {
                boolean connecting = String.valueOf(s.getMessage()).toLowerCase(Locale.ROOT).contains("connect");
                return new XapiException(connecting ? XapiException.UNREACHABLE : XapiException.REPLY_LOST,
                        List.of(), (connecting ? "connection timed out: " : "no reply in time: ")
                        + oneLine(s.getMessage()), t);
            }
            if (c instanceof SocketException || c instanceof EOFException) {
                return new XapiException(XapiException.REPLY_LOST, List.of(), "the connection closed before the reply: "
                        + oneLine(c.getMessage()), t);
            }
        }
        if (t instanceof IOException || t instanceof org.apache.xmlrpc.XmlRpcException) {
            return new XapiException(XapiException.REPLY_LOST, List.of(), oneLine(t.getMessage()), t);
        }
        return new XapiException(XapiException.PROTOCOL, List.of(), oneLine(String.valueOf(t)), t);
    }

    /** @return the failure a task reports in its {@code error_info} ({@code [CODE, params…]}) */
    static XapiException ofErrorInfo(Collection<String> errorInfo) {
        List<String> all = errorInfo == null ? List.of() : new ArrayList<>(errorInfo);
        if (all.isEmpty()) {
            return new XapiException("INTERNAL_ERROR", List.of(), "the task failed without error_info", null);
        }
        String code = all.get(0);
        List<String> params = all.subList(1, all.size());
        return new XapiException(code, params, meaning(code, params), null);
    }

    /**
     * @return XAPI's code of an SDK 8.1 exception class: its simple name from CamelCase to UPPER_SNAKE
     *         ({@code HostNotEnoughFreeMemory} is {@code HOST_NOT_ENOUGH_FREE_MEMORY})
     */
    static String codeOf(Class<?> type) {
        String name = type.getSimpleName();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (Character.isUpperCase(ch) && i > 0) {
                out.append('_');
            }
            out.append(Character.toUpperCase(ch));
        }
        return out.toString();
    }

    /** @return the public final String fields of a typed exception, in declaration order: XAPI's parameters */
    private static List<String> fields(Types.XenAPIException x) {
        List<String> out = new ArrayList<>();
        for (Field f : x.getClass().getDeclaredFields()) {
            int m = f.getModifiers();
            if (f.getType() == String.class && Modifier.isPublic(m) && Modifier.isFinal(m) && !Modifier.isStatic(m)) {
                try {
                    out.add(String.valueOf(f.get(x)));
                } catch (IllegalAccessException e) {
                    out.add("?");
                }
            }
        }
        return out;
    }

    /** @return one line saying what {@code code} means, with its parameters filled in */
    static String meaning(String code, List<String> p) {
        return switch (code) {
            case "HOST_NOT_ENOUGH_FREE_MEMORY" -> notEnoughMemory(p);
            case "VM_BAD_POWER_STATE" -> "the VM is " + at(p, 2, "in another power state") + ", not "
                    + at(p, 1, "running") + " (VM_BAD_POWER_STATE)";
            case "VM_MIGRATE_FAILED" -> "XAPI aborted the migration: " + at(p, 3, "no reason given")
                    + "; the VM stays on its source";
            case "VM_MIGRATE_CONTACT_REMOTE_SERVICE_FAILED" -> "the source could not contact the target's migration "
                    + "service";
            case "OTHER_OPERATION_IN_PROGRESS" -> "another operation" + (p.size() > 2 ? " (" + p.get(2) + ")" : "")
                    + " is running on " + at(p, 0, "the object") + " " + at(p, 1, "") + "; try again when it ends";
            case "OPERATION_NOT_ALLOWED" -> "XAPI does not allow this: " + at(p, 0, "no reason given");
            case "VM_IS_TEMPLATE" -> "the VM is a template; templates do not run and cannot migrate";
            case "VM_INCOMPATIBLE_WITH_THIS_HOST" -> "the target's CPU lacks features the VM uses: "
                    + at(p, 2, "no detail");
            case "VM_REQUIRES_SR" -> "the target cannot see a storage repository the VM needs (" + at(p, 1, "?")
                    + ")";
            case "VM_REQUIRES_NETWORK" -> "the target is not on a network the VM needs (" + at(p, 1, "?") + ")";
            case "VM_HAS_PCI_ATTACHED" -> "the VM has a PCI device passed through; it cannot migrate live";
            case "VM_HAS_VGPU" -> "the VM has a vGPU that cannot migrate";
            case "VM_LACKS_FEATURE" -> "the VM lacks a feature live migration needs (guest tools?)";
            case "VM_NON_SUSPENDABLE" -> "the guest cannot be suspended, so it cannot migrate live: "
                    + at(p, 1, "no reason given");
            case "VM_HOST_INCOMPATIBLE_VERSION_MIGRATE" -> "the target runs an older XenServer than the source";
            case "BALLOONING_TIMEOUT_BEFORE_MIGRATION" -> "the VM did not balloon down in time before the migration";
            case "HOST_OFFLINE" -> "host " + at(p, 0, "?") + " is offline";
            case "HOST_DISABLED" -> "host " + at(p, 0, "?") + " is disabled (maintenance?)";
            case "HOST_NOT_LIVE" -> "the host is not live";
            case "CANNOT_CONTACT_HOST" -> "the master cannot contact host " + at(p, 0, "?");
            case "NOT_SUPPORTED_DURING_UPGRADE" -> "the pool is being upgraded; migrations wait until it is done";
            case "LICENCE_RESTRICTION" -> "the pool's licence does not include " + at(p, 0, "this feature");
            case "TOO_MANY_STORAGE_MIGRATES" -> "too many storage migrations are running (" + at(p, 0, "?") + ")";
            case "TASK_CANCELLED" -> "the migration was cancelled before its point of no return; the VM stays on its "
                    + "source";
            case "SESSION_INVALID" -> "the session expired or was logged out";
            case "SESSION_AUTHENTICATION_FAILED" -> "XAPI refused the user name or password";
            case "HOST_IS_SLAVE" -> "this host is a pool member, not the master; the master is " + at(p, 0, "?");
            case "HANDLE_INVALID" -> "XAPI knows no " + at(p, 0, "object") + " " + at(p, 1, "") + " (deleted?)";
            case "UUID_INVALID" -> "XAPI knows no " + at(p, 0, "object") + " with UUID " + at(p, 1, "?");
            case "EVENTS_LOST" -> "XAPI dropped events this client had not read; a full reload follows";
            case "EVENT_FROM_TOKEN_PARSE_FAILURE" -> "XAPI could not read the event token " + at(p, 0, "");
            case "MESSAGE_METHOD_UNKNOWN" -> "this XAPI does not know " + at(p, 0, "the method");
            case "INTERNAL_ERROR" -> "XAPI failed internally: " + at(p, 0, "no detail");
            default -> "XAPI error " + code + (p.isEmpty() ? "" : " " + p);
        };
    }

    private static String notEnoughMemory(List<String> p) {
        try {
            long needed = Long.parseLong(p.get(0));
            long available = Long.parseLong(p.get(1));
            return "the target host lacks " + (needed - available) + " bytes (the VM needs " + needed
                    + ", the host has " + available + " free)";
        } catch (RuntimeException e) {
            return "the target host lacks the memory the VM needs " + p;
        }
    }

    private static String at(List<String> p, int i, String otherwise) {
        return i < p.size() && p.get(i) != null && !p.get(i).isEmpty() ? p.get(i) : otherwise;
    }

    /** @return {@code s} on one line, at most 300 characters */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}

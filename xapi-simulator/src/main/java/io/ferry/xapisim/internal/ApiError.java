package io.ferry.xapisim.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * xapi's {@code Server_error}: an error code and its parameters, answered as a {@code Failure} with
 * {@code ErrorDescription = [code, params...]} (or stored in a task's {@code error_info}). The codes and
 * parameter lists are xapi's ({@code datamodel_errors.ml}), so that the SDK raises its typed exceptions.
 */
final class ApiError extends Exception {

    private static final long serialVersionUID = 1L;

    static final String SESSION_INVALID = "SESSION_INVALID";
    static final String SESSION_AUTHENTICATION_FAILED = "SESSION_AUTHENTICATION_FAILED";
    static final String HOST_IS_SLAVE = "HOST_IS_SLAVE";
    static final String HANDLE_INVALID = "HANDLE_INVALID";
    static final String UUID_INVALID = "UUID_INVALID";
    static final String MESSAGE_METHOD_UNKNOWN = "MESSAGE_METHOD_UNKNOWN";
    static final String MESSAGE_PARAMETER_COUNT_MISMATCH = "MESSAGE_PARAMETER_COUNT_MISMATCH";
    static final String FIELD_TYPE_ERROR = "FIELD_TYPE_ERROR";
    static final String VM_BAD_POWER_STATE = "VM_BAD_POWER_STATE";
    static final String VM_IS_TEMPLATE = "VM_IS_TEMPLATE";
    static final String OTHER_OPERATION_IN_PROGRESS = "OTHER_OPERATION_IN_PROGRESS";
    static final String OPERATION_NOT_ALLOWED = "OPERATION_NOT_ALLOWED";
    static final String HOST_NOT_ENOUGH_FREE_MEMORY = "HOST_NOT_ENOUGH_FREE_MEMORY";
    static final String HOST_OFFLINE = "HOST_OFFLINE";
    static final String VM_MIGRATE_FAILED = "VM_MIGRATE_FAILED";
    static final String TASK_CANCELLED = "TASK_CANCELLED";
    static final String EVENT_FROM_TOKEN_PARSE_FAILURE = "EVENT_FROM_TOKEN_PARSE_FAILURE";
    static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private final List<String> description;

    ApiError(String code, String... params) {
        super(code, null, false, false);
        List<String> d = new ArrayList<>(params.length + 1);
        d.add(code);
        Collections.addAll(d, params);
        this.description = List.copyOf(d);
    }

    /** @return the code followed by its parameters */
    List<String> description() {
        return description;
    }

    String code() {
        return description.get(0);
    }

    @Override
    public String getMessage() {
        return description.toString();
    }
}

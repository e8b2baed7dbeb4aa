package io.ferry.xapisim.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * The xapi classes the simulator holds objects of, with their names as the wire uses them: the datamodel case
 * in method names and {@code HANDLE_INVALID} ({@code VM.}, {@code host.}, {@code VM_metrics.}), lowercase in
 * {@code event.from} classes and {@code valid_ref_counts}.
 */
enum XClass {
    POOL("pool", true),
    HOST("host", true),
    HOST_METRICS("host_metrics", true),
    VM("VM", true),
    VM_METRICS("VM_metrics", true),
    VM_GUEST_METRICS("VM_guest_metrics", true),
    TASK("task", true),
    /** Sessions generate no events in xapi; they are counted in {@code valid_ref_counts}. */
    SESSION("session", false);

    private final String apiName;
    private final boolean events;

    XClass(String apiName, boolean events) {
        this.apiName = apiName;
        this.events = events;
    }

    /** @return the name in method names and error parameters, such as {@code VM_metrics} */
    String apiName() {
        return apiName;
    }

    /** @return the lowercase name of event classes, such as {@code vm_metrics} */
    String eventName() {
        return apiName.toLowerCase(Locale.ROOT);
    }

    /** @return whether changes to objects of the class are reported by {@code event.from} */
    boolean events() {
        return events;
    }

    /** @return the class whose API name is {@code name} (case-sensitive, as xapi dispatches) */
    static Optional<XClass> ofApiName(String name) {
        for (XClass c : values()) {
            if (c.apiName.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}

package io.ferry.controller.internal;

import io.ferry.api.HypervisorAdapter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Hypervisor adapters whose configuration Declarative Services could not activate (a malformed
 * {@code etc/io.ferry.xen-NAME.cfg} or {@code io.ferry.simpool-NAME.cfg}), each as one line: such a pool never
 * attaches, and without this its only trace is a long stack trace in the log (issue 14.10).
 *
 * <p>Cost: one walk of the runtime's component descriptions per call. Stateless.
 */
final class AdapterFailures {

    private AdapterFailures() {
    }

    /** @return one line per adapter configuration that failed to activate, naming it and the reason */
    static List<String> of(ServiceComponentRuntime scr) {
        List<String> out = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (d.serviceInterfaces == null
                    || !Arrays.asList(d.serviceInterfaces).contains(HypervisorAdapter.class.getName())) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state != ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    continue;
                }
                Object pid = c.properties == null ? null : c.properties.get("service.pid");
                Object file = c.properties == null ? null : c.properties.get(PoolSettings.FILE_KEY);
                String origin = file != null ? String.valueOf(file).replaceFirst(".*/", "etc/")
                        : pid != null ? String.valueOf(pid) : d.name;
                out.add("adapter configuration " + origin + " rejected, no pool attached: " + reason(c.failure));
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * @return the message of the innermost exception of a stack trace as Declarative Services reports it (the
     *         adapter's own one-line message), without the exception's class name
     */
    static String reason(String failure) {
        if (failure == null || failure.isBlank()) {
            return "activation failed (no reason given)";
        }
        String line = failure.lines().findFirst().orElse("").strip();
        for (String l : failure.lines().toList()) {
            if (l.startsWith("Caused by: ")) {
                line = l.substring("Caused by: ".length()).strip();
            }
        }
        // "java.lang.IllegalArgumentException: url = x: must be …" -> "url = x: must be …"
        int colon = line.indexOf(": ");
        if (colon > 0 && line.substring(0, colon).matches("[\\w.$]+(Exception|Error)")) {
            line = line.substring(colon + 2);
        }
        return line;
    }
}

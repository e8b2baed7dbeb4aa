package io.ferry.controller.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry controller",
        description = "The audit log and the controller's threads. Per-pool settings live in the factory "
                + "configuration io.ferry.pool (etc/io.ferry.pool-NAME.cfg).")
public @interface ControllerConfiguration {

    @AttributeDefinition(name = "Audit directory",
            description = "Where audit.log and its rotations go. Empty: ${karaf.data}/ferry.")
    String auditDirectory() default "";

    @AttributeDefinition(name = "Audit file size",
            description = "Rotate audit.log when it would grow past this many bytes (4096 to 1073741824).")
    long auditMaxBytes() default 10L * 1024 * 1024;

    @AttributeDefinition(name = "Audit files", description = "How many audit files to keep, the current one "
            + "included (1 to 100).")
    int auditFiles() default 5;

    @AttributeDefinition(name = "History in memory",
            description = "How many of the newest audit records migration:history can show (100 to 1000000).")
    int historyCapacity() default 10_000;

    @AttributeDefinition(name = "Threads", description = "Threads running control cycles and outcome handling "
            + "(1 to 64).")
    int threads() default 2;
}

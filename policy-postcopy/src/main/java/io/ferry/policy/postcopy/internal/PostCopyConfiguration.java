package io.ferry.policy.postcopy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ferry post-copy policy",
        description = "Resume on the target at once and fetch memory behind the VM.")
@interface PostCopyConfiguration {

    @AttributeDefinition(name = "Pre-paging window",
            description = "On a fault at page p, also push the missing pages among p+1 ... p+window next "
                    + "(0 to 65536; 0 turns pre-paging off).")
    int prepageWindow() default 32;
}

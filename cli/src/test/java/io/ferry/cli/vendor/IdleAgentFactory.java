package io.ferry.cli.vendor;

import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A vendor's agent that exists only in the tests: it never moves a VM. Its one setting, {@code parameter}, is
 * checked so that {@code vendor-idle-NUMBER} reaches it. Not listed in this module's {@code META-INF/services}: the
 * test puts it on the class path in a jar of its own, as a vendor would.
 */
public final class IdleAgentFactory implements MigrationAgentFactory {

    /** The agent's name. */
    public static final String NAME = "vendor-idle";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "never moves a VM";
    }

    @Override
    public List<SettingDescription> settings() {
        return List.of(new SettingDescription("parameter", "Double", "0.5", "ignored, in [0, 1]", Optional.of("0"),
                Optional.of("1")));
    }

    @Override
    public MigrationAgent create(Map<String, ?> settings) {
        Object p = settings.get("parameter");
        double parameter = p == null ? 0.5 : Double.parseDouble(p.toString());
        if (!(parameter >= 0 && parameter <= 1)) {
            throw new IllegalArgumentException("parameter = " + p + ": must be in [0, 1]");
        }
        return new MigrationAgent() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public List<MigrationDecision> decide(AgentContext context) {
                return List.of();
            }
        };
    }
}

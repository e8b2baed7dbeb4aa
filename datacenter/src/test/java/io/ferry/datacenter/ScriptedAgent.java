package io.ferry.datacenter;

import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.MigrationDecision;
import java.util.List;
import java.util.function.Function;

/** A test agent whose decisions a lambda makes. */
final class ScriptedAgent implements MigrationAgent {

    private final Function<AgentContext, List<MigrationDecision>> script;
    int calls;

    ScriptedAgent(Function<AgentContext, List<MigrationDecision>> script) {
        this.script = script;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public List<MigrationDecision> decide(AgentContext context) {
        calls++;
        return script.apply(context);
    }

    static Candidate candidate(MigrationAgent agent, Placement placement) {
        return new Candidate("scripted", java.util.Optional.of(agent), PowerAccounting.BY_UTILISATION, placement);
    }
}

package io.ferry.agent.dqn.stream.internal;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code dqn:stream}: what the stream component has done for the running DQN agent — its source, pools, the counts
 * (added, skipped, ignored, expired, pending), the agent's replay buffer, and one problem line when something stops
 * it (a rejected configuration, a missing topic, an unreachable broker). Without a configuration, or while no dqn
 * agent offers its buffer, it says so. Decides nothing; reads counters only and never calls Kafka.
 */
@Command(scope = "dqn", name = "stream",
        description = "Shows how the Kafka stream feeds the dqn agent's replay buffer: counts, buffer, problem.")
@Service
public class StreamCommand implements Action {

    @Reference(optional = true)
    StreamStatus stream;

    @Option(name = "--no-format", description = "Disable table rendered output (tab-separated, no borders)")
    boolean noFormat;

    @Override
    public Object execute() {
        PrintStream out = System.out;
        if (stream == null) {
            out.println("dqn-stream: not running: no configuration " + DqnStreamComponent.PID
                    + " (bootstrapServers, streamPools), or no dqn agent with a replay buffer (feature ferry-agent-dqn,"
                    + " a valid io.ferry.agent.dqn)");
            return null;
        }
        StreamStatus.Status s = stream.status();
        out.println("dqn-stream: pools " + s.pools() + " from " + s.source());
        ShellTable t = new ShellTable();
        t.column("Added").alignRight();
        t.column("Skipped").alignRight();
        t.column("Ignored").alignRight();
        t.column("Expired").alignRight();
        t.column("Pending").alignRight();
        t.column("Replay buffer").alignRight();
        t.column("Buffer added").alignRight();
        t.addRow().addContent(s.added(), s.skipped(), s.ignored(), s.expired(), s.pending(),
                s.bufferSize() + " / " + s.bufferCapacity(), s.bufferAdded());
        t.print(out, !noFormat);
        s.problem().ifPresent(p -> out.println("dqn-stream problem: " + p));
        return null;
    }
}

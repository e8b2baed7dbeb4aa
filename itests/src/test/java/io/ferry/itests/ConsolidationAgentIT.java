package io.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.ferry.api.model.PoolId;
import io.ferry.controller.AuditRecord;
import io.ferry.controller.FerryController;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A consolidation agent of {@code agent-consolidation} selected for a running pool from the shell, as an operator
 * would: it decides on the pool's real hosts, its decisions pass the guard (executed or refused, never bypassing
 * it), and the pool goes back to the threshold agent without a restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsolidationAgentIT extends FerryTestSupport {

    private static final PoolId SIM = new PoolId("sim");

    @Inject
    protected FerryController controller;

    @Configuration
    public Option[] config() {
        return baseOptions(
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "pool.name", "sim"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "policy", "precopy"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "intervalSeconds", "2"),
                editConfigurationFilePut("etc/io.ferry.pool-sim.cfg", "holdSeconds", "2"));
    }

    @Test
    public void lrMmtSelectedFromTheShellDecidesThroughTheGuardAndHandsBackToThreshold() {
        waitFor("pool sim", Duration.ofSeconds(60), () -> controller.pool(SIM).isPresent());
        String selected = executeCommand("migration:use --pool sim --agent lr-mmt");
        assertTrue(selected, selected.contains("agent lr-mmt"));
        assertEquals("lr-mmt", controller.pool(SIM).orElseThrow().selection().agent());

        waitFor("a decision of lr-mmt on pool sim, executed or refused by the guard", Duration.ofSeconds(120),
                () -> byLrMmt().stream().anyMatch(r -> r.type() == AuditRecord.Type.DECISION
                        || r.type() == AuditRecord.Type.REFUSED));
        String history = executeCommand("migration:history -n 200 sim");
        assertTrue(history, history.contains("lr-mmt"));

        String back = executeCommand("migration:use --pool sim --agent threshold");
        assertTrue(back, back.contains("agent threshold"));
        assertEquals("threshold", controller.pool(SIM).orElseThrow().selection().agent());
    }

    private List<AuditRecord> byLrMmt() {
        return controller.history(Optional.of(SIM), 1000).stream().filter(r -> "lr-mmt".equals(r.agent())).toList();
    }
}

package io.ferry.xapisim.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The fault file: every key, its defaults, and messages that name what is wrong. */
class FaultPlanTest {

    private static FaultPlan parse(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return FaultPlan.parse(p, "faults.properties");
    }

    @Test
    void parseWhenEveryKeyIsSetThenThePlanHoldsThem() throws Exception {
        FaultPlan plan = parse("""
                seed = 7
                migration.failure-rate = 0.2
                host.offline-rate = 0.05
                host.offline-seconds = 45
                host.offline-schedule = host-01@120+60, host-02@300
                reply.slow-rate = 0.1
                reply.slow-millis = 200-2000
                session.expire-after-calls = 500
                session.expire-after-seconds = 3600
                connection.reset-rate = 0.01
                connection.reset-when = after
                """);

        assertThat(plan.seed()).hasValue(7);
        assertThat(plan.migrationFailureRate()).isEqualTo(0.2);
        assertThat(plan.hostOfflineRate()).isEqualTo(0.05);
        assertThat(plan.hostOfflineSeconds()).isEqualTo(45);
        assertThat(plan.outages()).containsExactly(new FaultPlan.Outage("host-01", 120, 60),
                new FaultPlan.Outage("host-02", 300, Double.POSITIVE_INFINITY));
        assertThat(plan.slowReplyRate()).isEqualTo(0.1);
        assertThat(plan.slowMillisMin()).isEqualTo(200);
        assertThat(plan.slowMillisMax()).isEqualTo(2000);
        assertThat(plan.sessionExpireCalls()).isEqualTo(500);
        assertThat(plan.sessionExpireSeconds()).isEqualTo(3600);
        assertThat(plan.resetRate()).isEqualTo(0.01);
        assertThat(plan.resetWhen()).isEqualTo(FaultPlan.ResetWhen.AFTER);
        assertThat(plan.any()).isTrue();
    }

    @Test
    void parseWhenEmptyThenNoFault() throws Exception {
        FaultPlan plan = parse("# nothing\n");
        assertThat(plan).isEqualTo(FaultPlan.NONE);
        assertThat(plan.any()).isFalse();
    }

    @Test
    void parseWhenAKeyIsUnknownThenTheMessageListsTheKeys() {
        assertThatThrownBy(() -> parse("migration.fail-rate = 0.2"))
                .hasMessageContaining("unknown key(s) [migration.fail-rate]")
                .hasMessageContaining("migration.failure-rate");
    }

    @Test
    void parseWhenValuesAreOutOfRangeThenTheMessageNamesKeyAndValue() {
        assertThatThrownBy(() -> parse("migration.failure-rate = 1.5"))
                .hasMessage("migration.failure-rate = 1.5: must be a probability in [0, 1]");
        assertThatThrownBy(() -> parse("reply.slow-millis = 900-100")).hasMessageStartingWith("reply.slow-millis");
        assertThatThrownBy(() -> parse("host.offline-schedule = host-01 at noon"))
                .hasMessageContaining("NAME@START[+DURATION]");
        assertThatThrownBy(() -> parse("connection.reset-when = sometimes"))
                .hasMessage("connection.reset-when = sometimes: must be before, after or either");
        assertThatThrownBy(() -> parse("session.expire-after-calls = many"))
                .hasMessage("session.expire-after-calls = many: must be an integer");
    }
}

package io.ferry.datacenter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.MigrationDecision;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.SettingDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CandidatesTest {

    /** An agent that remembers the settings it was built with. */
    record RecordingAgent(String name, Map<String, ?> settings) implements MigrationAgent {
        @Override
        public List<MigrationDecision> decide(AgentContext context) {
            return List.of();
        }
    }

    /** A factory with the given settings (key → default); refuses a parameter above {@code max}. */
    static final class FakeFactory implements MigrationAgentFactory {
        private final String name;
        private final Map<String, String> defaults;
        private final double max;
        final List<Map<String, ?>> created = new ArrayList<>();

        FakeFactory(String name, Map<String, String> defaults, double max) {
            this.name = name;
            this.defaults = defaults;
            this.max = max;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "fake " + name;
        }

        @Override
        public List<SettingDescription> settings() {
            return defaults.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> new SettingDescription(
                    e.getKey(), "Double", e.getValue(), "", Optional.empty(), Optional.empty())).toList();
        }

        @Override
        public MigrationAgent create(Map<String, ?> settings) {
            Object p = settings.get("parameter");
            if (p != null && Double.parseDouble(p.toString()) > max) {
                throw new IllegalArgumentException("parameter = " + p + ": must be <= " + max);
            }
            created.add(Map.copyOf(settings));
            return new RecordingAgent(name, Map.copyOf(settings));
        }
    }

    private final FakeFactory lrMmt = new FakeFactory("lr-mmt", Map.of("parameter", "1.2"), 10);
    private final FakeFactory thrMmt = new FakeFactory("thr-mmt", Map.of("parameter", "0.8"), 1);
    private final FakeFactory lrRs = new FakeFactory("lr-rs", Map.of("parameter", "1.2", "seed", "1"), 10);
    private final FakeFactory threshold = new FakeFactory("threshold", Map.of("cpuThreshold", "0.8"), 1);
    private final Candidates candidates = new Candidates(List.of(threshold, lrMmt, thrMmt, lrRs));

    private static DatacenterSetup run(long seed) {
        return DatacenterSetup.cloudSim(10, CloudSimMigrationModel.INSTANCE, seed);
    }

    @Test
    void candidateWhenFactoryChecksMemoryThenItFollowsTheRunsMemoryAccounting() {
        FakeFactory memory = new FakeFactory("mad-mmt", Map.of("parameter", "2.5", "checkMemory", "true"), 10);
        Candidates c = new Candidates(List.of(memory));

        Candidate cloudSim = c.candidate("mad-mmt", run(3));
        Candidate physical = c.candidate("mad-mmt", run(3).physical());

        assertThat(((RecordingAgent) cloudSim.agent().orElseThrow()).settings())
                .isEqualTo(Map.of("checkMemory", "false"));
        assertThat(((RecordingAgent) physical.agent().orElseThrow()).settings())
                .isEqualTo(Map.of("checkMemory", "true"));
    }

    @Test
    void candidateWhenFactoryCanDecideEveryMoveThenItFollowsTheRunsDoubleMoves() {
        FakeFactory moves = new FakeFactory("thr-mu", Map.of("parameter", "0.8", "decideEveryMove", "false"), 1);
        Candidates c = new Candidates(List.of(moves));

        assertThat(((RecordingAgent) c.candidate("thr-mu", run(3)).agent().orElseThrow()).settings())
                .isEqualTo(Map.of("decideEveryMove", "true"));
        assertThat(((RecordingAgent) c.candidate("thr-mu", run(3).physical()).agent().orElseThrow()).settings())
                .isEqualTo(Map.of("decideEveryMove", "false"));
    }

    @Test
    void candidateWhenNpaThenNoAgentMaximumPowerFirstFit() {
        Candidate c = candidates.candidate("npa", run(42));

        assertThat(c.label()).isEqualTo("npa");
        assertThat(c.agent()).isEmpty();
        assertThat(c.accounting()).isEqualTo(PowerAccounting.MAXIMUM_ALWAYS);
        assertThat(c.placement()).isEqualTo(Placement.FIRST_FIT);
    }

    @Test
    void candidateWhenDvfsThenNoAgentPowerByUtilisationFirstFit() {
        Candidate c = candidates.candidate("dvfs", run(42));

        assertThat(c.agent()).isEmpty();
        assertThat(c.accounting()).isEqualTo(PowerAccounting.BY_UTILISATION);
        assertThat(c.placement()).isEqualTo(Placement.FIRST_FIT);
    }

    @Test
    void candidateWhenExactFactoryNameThenItsDefaultsAndFallbackPlacementThreshold() {
        Candidate c = candidates.candidate("lr-mmt", run(42));

        assertThat(c.label()).isEqualTo("lr-mmt");
        assertThat(c.agent()).get().isInstanceOf(RecordingAgent.class);
        assertThat(((RecordingAgent) c.agent().orElseThrow()).settings()).isEmpty();
        assertThat(c.accounting()).isEqualTo(PowerAccounting.BY_UTILISATION);
        assertThat(c.placement()).isEqualTo(Placement.pabfd(0.7));
    }

    @Test
    void candidateWhenNameDashNumberThenFactoryWithThatParameter() {
        Candidate c = candidates.candidate("lr-mmt-1.5", run(42));

        assertThat(c.label()).isEqualTo("lr-mmt-1.5");
        assertThat(((RecordingAgent) c.agent().orElseThrow()).settings()).isEqualTo(Map.of("parameter", "1.5"));
        assertThat(c.placement()).isEqualTo(Placement.pabfd(0.7));
    }

    @Test
    void candidateWhenStaticThresholdAgentThenPlacesWithItsParameterOrItsDefault() {
        assertThat(candidates.candidate("thr-mmt-0.9", run(42)).placement()).isEqualTo(Placement.pabfd(0.9));
        assertThat(candidates.candidate("thr-mmt", run(42)).placement()).isEqualTo(Placement.pabfd(0.8));
    }

    @Test
    void candidateWhenExistingAgentWithoutParameterThenFallbackThreshold() {
        Candidate c = candidates.candidate("threshold", run(42));

        assertThat(c.agent()).get().extracting(MigrationAgent::name).isEqualTo("threshold");
        assertThat(c.placement()).isEqualTo(Placement.pabfd(0.7));
    }

    @Test
    void candidateWhenFactoryHasSeedSettingThenGetsTheRunSeed() {
        Candidate c = candidates.candidate("lr-rs-1.2", run(7));

        assertThat(((RecordingAgent) c.agent().orElseThrow()).settings())
                .isEqualTo(Map.of("parameter", "1.2", "seed", "7"));
    }

    @Test
    void candidateWhenCalledTwiceThenTwoAgentInstances() {
        MigrationAgent a = candidates.candidate("lr-mmt-1.2", run(42)).agent().orElseThrow();
        MigrationAgent b = candidates.candidate("lr-mmt-1.2", run(42)).agent().orElseThrow();

        assertThat(a).isNotSameAs(b);
        assertThat(lrMmt.created).hasSize(2);
    }

    @Test
    void candidateWhenUnknownThenOneLineListingTheKnownAgents() {
        assertThatThrownBy(() -> candidates.candidate("lr-xyz-1.2", run(42)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown agent \"lr-xyz-1.2\": known agents are npa, dvfs, lr-mmt, lr-rs, thr-mmt, "
                        + "threshold (a name, or NAME-NUMBER to set its parameter, e.g. lr-mmt-1.2)");
    }

    @Test
    void candidateWhenNumberForAFactoryWithoutParameterThenRefused() {
        assertThatThrownBy(() -> candidates.candidate("threshold-0.5", run(42)))
                .hasMessage("agent \"threshold-0.5\": agent threshold has no parameter setting to give 0.5; "
                        + "name it threshold");
    }

    @Test
    void candidateWhenFactoryRefusesTheParameterThenItsLineNamesTheCandidate() {
        assertThatThrownBy(() -> candidates.candidate("thr-mmt-1.5", run(42)))
                .hasMessage("agent \"thr-mmt-1.5\": parameter = 1.5: must be <= 1.0");
    }

    @Test
    void namesWhenDuplicateFactoryNamesThenFirstWins() {
        FakeFactory other = new FakeFactory("lr-mmt", Map.of(), 1);
        Candidates c = new Candidates(List.of(lrMmt, other));

        assertThat(c.names()).containsExactly("npa", "dvfs", "lr-mmt");
        c.candidate("lr-mmt", run(1));
        assertThat(lrMmt.created).hasSize(1);
        assertThat(other.created).isEmpty();
    }

    @Test
    void predictorDashSelectorThenTheForecastFactoryWithThatPredictorAndParameter() {
        FakeFactory forecastMmt = new FakeFactory("forecast-mmt",
                Map.of("parameter", "1.2", "predictor", "local-regression"), 10);
        Candidates c = new Candidates(List.of(lrMmt, forecastMmt), List.of("lstm", "ewma"));
        Candidate lstm = c.candidate("lstm-mmt", run(42));
        assertThat(lstm.label()).isEqualTo("lstm-mmt");
        Map<String, ?> built = ((RecordingAgent) lstm.agent().orElseThrow()).settings();
        assertThat(built.get("predictor")).isEqualTo("lstm");
        assertThat(built.containsKey("parameter")).isFalse();
        Map<String, ?> lr = ((RecordingAgent) c.candidate("local-regression-mmt-1.1", run(42)).agent().orElseThrow())
                .settings();
        assertThat(lr.get("predictor")).isEqualTo("local-regression");
        assertThat(lr.get("parameter")).isEqualTo("1.1");
        assertThat(c.candidate("lstm-mmt", run(42)).placement()).isEqualTo(
                Placement.pabfd(Candidates.FALLBACK_PLACEMENT_THRESHOLD));
        assertThat(c.candidate("lr-mmt-1.2", run(42)).agent().orElseThrow().name()).as("LR stays LR")
                .isEqualTo("lr-mmt");
        assertThat(c.names()).containsExactly("npa", "dvfs", "lr-mmt", "ewma-mmt", "lstm-mmt");
    }

    @Test
    void anUnknownSelectorThenTheMessageSaysHowToNameAForecastAgent() {
        FakeFactory forecastMmt = new FakeFactory("forecast-mmt", Map.of("predictor", "local-regression"), 10);
        Candidates c = new Candidates(List.of(forecastMmt), List.of());
        assertThatThrownBy(() -> c.candidate("lstm-xyz", run(42))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown agent \"lstm-xyz\": known agents are npa, dvfs (a name, or NAME-NUMBER to set"
                        + " its parameter, e.g. lr-mmt-1.2, or PREDICTOR-SELECTOR for a selector among mmt, e.g."
                        + " local-regression-mmt)");
    }
}

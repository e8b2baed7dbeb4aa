package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.spi.MigrationAgentFactory;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;

class AgentCatalogTest {

    @Test
    void standardWhenShippedAgentsOnTheClassPathThenTheirNamesAfterTheReferences() {
        AgentCatalog catalog = AgentCatalog.standard();

        assertThat(catalog.problems()).isEmpty();
        assertThat(catalog.candidates().names()).startsWith("npa", "dvfs")
                .contains("threshold", "thr-mmt", "iqr-mmt", "mad-mmt", "lr-mmt", "lrr-mmt", "lr-mu", "lr-rs", "lr-mc");
    }

    @Test
    void discoverWhenAProviderCannotBeLoadedThenItIsSkippedAndReported() {
        Iterable<MigrationAgentFactory> broken = () -> new Iterator<>() {
            private boolean thrown;

            @Override
            public boolean hasNext() {
                return !thrown;
            }

            @Override
            public MigrationAgentFactory next() {
                if (thrown) {
                    throw new NoSuchElementException();
                }
                thrown = true;
                throw new ServiceConfigurationError("com.vendor.BrokenAgentFactory: not a subtype");
            }
        };

        AgentCatalog catalog = AgentCatalog.discover(broken);

        assertThat(catalog.candidates().names()).isEqualTo(List.of("npa", "dvfs"));
        assertThat(catalog.problems()).containsExactly(
                "an agent on the class path was skipped: com.vendor.BrokenAgentFactory: not a subtype");
    }

    @Test
    void standardThenAForecastAgentPerInstalledPredictorAndAnUnknownPredictorListsThem() {
        AgentCatalog catalog = AgentCatalog.standard();

        assertThat(catalog.candidates().names()).contains("local-regression-mmt", "ewma-mmt", "last-value-rs",
                "lstm-mmt").doesNotContain("forecast-mmt");
        io.ferry.datacenter.DatacenterSetup run = io.ferry.datacenter.DatacenterSetup.cloudSim(10,
                io.ferry.datacenter.CloudSimMigrationModel.INSTANCE, 42);
        assertThat(catalog.candidates().candidate("local-regression-mmt-1.2", run).agent().orElseThrow().name())
                .isEqualTo("forecast-mmt");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> catalog.candidates().candidate("arima-mmt", run))
                .hasMessage("agent \"arima-mmt\": predictor = arima: not installed; installed predictors are ewma, "
                        + "last-value, local-regression, lstm");
    }
}

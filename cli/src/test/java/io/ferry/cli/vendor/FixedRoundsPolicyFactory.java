package io.ferry.cli.vendor;

import io.ferry.api.MigrationPolicy;
import io.ferry.api.MigrationSteering;
import io.ferry.api.PageView;
import io.ferry.api.model.Capability;
import io.ferry.api.model.MigrationCost;
import io.ferry.api.model.MigrationPlan;
import io.ferry.api.model.MigrationRequest;
import io.ferry.api.model.RoundDecision;
import io.ferry.api.model.RoundReport;
import io.ferry.api.model.Technique;
import io.ferry.api.spi.MigrationPolicyFactory;
import io.ferry.api.spi.SettingDescription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A vendor's policy, defined only in this test and known to Ferry only through a
 * {@code META-INF/services/io.ferry.api.spi.MigrationPolicyFactory} entry in a jar the test builds: pre-copy for a
 * fixed number of rounds, then stop-and-copy.
 */
public final class FixedRoundsPolicyFactory implements MigrationPolicyFactory {

    public static final String NAME = "vendor-fixed-rounds";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Pre-copy for a fixed number of rounds, then stop-and-copy.";
    }

    @Override
    public List<SettingDescription> settings() {
        return List.of(new SettingDescription("rounds", "Integer", "2", "Pre-copy rounds before stop-and-copy.",
                Optional.of("1"), Optional.empty()));
    }

    @Override
    public MigrationPolicy create(Map<String, ?> settings) {
        Object value = settings.get("rounds");
        int rounds = value == null ? 2 : Integer.parseInt(String.valueOf(value));
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds = " + rounds + ": must be >= 1");
        }
        return new MigrationPolicy() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public Set<Capability> requiredCapabilities() {
                return Set.of(Capability.PRE_COPY);
            }

            @Override
            public MigrationPlan plan(MigrationRequest request) {
                double seconds = rounds * request.pageCount() / request.linkPagesPerSecond();
                return new MigrationPlan(NAME, Technique.PRE_COPY, new MigrationCost(
                        Duration.ofMillis((long) Math.ceil(seconds * 1000)), Duration.ZERO,
                        rounds * request.memoryBytes()), Optional.empty(), rounds + " rounds");
            }

            @Override
            public MigrationSteering steer(MigrationRequest request, Set<Capability> available) {
                return new MigrationSteering() {
                    @Override
                    public RoundDecision begin(Optional<PageView> pages) {
                        return new RoundDecision.PreCopyRound(Optional.empty());
                    }

                    @Override
                    public RoundDecision afterRound(RoundReport report, Optional<PageView> pages) {
                        return report.round() >= rounds ? new RoundDecision.StopAndCopy()
                                : new RoundDecision.PreCopyRound(Optional.empty());
                    }
                };
            }
        };
    }
}

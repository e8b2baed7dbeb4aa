package io.ferry.policy.postcopy.internal;

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
import io.ferry.policy.support.ConfigurationChecks;
import io.ferry.policy.support.CostModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.converter.Converters;

/**
 * Post-copy (Hines et al., VEE 2009): pause only to move the execution state, resume on the target, and
 * fetch memory behind the running VM: a background push in page order, and on each fault the faulted page
 * first, then the missing pages of a pre-paging window after it (sequential locality).
 *
 * <p>Decides once, at the start: switch to post-copy with no pre-copy round. Downtime is the smallest of any
 * technique and every page crosses the link once. Cost of the decision: O(1).
 *
 * <p>When not to use it: the VM runs degraded until the last page arrives, and a write-heavy guest faults
 * often; if the source or the link fails during that phase, neither host holds the whole VM. XenServer cannot
 * execute it (selecting it there is refused); QEMU and the engine can.
 */
@Component(service = MigrationPolicy.class, configurationPid = PostCopyMigrationPolicy.PID,
        property = MigrationPolicy.NAME_PROPERTY + "=" + PostCopyMigrationPolicy.NAME)
@Designate(ocd = PostCopyConfiguration.class)
public final class PostCopyMigrationPolicy implements MigrationPolicy {

    static final String NAME = "postcopy";
    static final String PID = "io.ferry.policy.postcopy";

    private final int prepageWindow;

    @Activate
    public PostCopyMigrationPolicy(PostCopyConfiguration config) {
        this.prepageWindow = ConfigurationChecks.inRange("prepageWindow", config.prepageWindow(), 0, 65536);
    }

    /**
     * For use outside OSGi (the command line, tests, benchmarks): configuration from a property map, missing
     * keys taking their defaults.
     */
    public PostCopyMigrationPolicy(Map<String, ?> properties) {
        this(Converters.standardConverter().convert(properties).to(PostCopyConfiguration.class));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Capability> requiredCapabilities() {
        return Set.of(Capability.POST_COPY);
    }

    @Override
    public MigrationPlan plan(MigrationRequest request) {
        CostModel model = new CostModel(request);
        MigrationCost cost = model.postCopyCost(List.of());
        String why = String.format("pauses %.1f ms for the execution state, then fetches %d pages behind the VM",
                model.postcopySwitchSeconds() * 1e3, request.pageCount());
        return new MigrationPlan(NAME, Technique.POST_COPY, cost, Optional.empty(), why);
    }

    @Override
    public MigrationSteering steer(MigrationRequest request, Set<Capability> available) {
        RoundDecision postcopy = new RoundDecision.SwitchToPostCopy(Optional.empty(), prepageWindow);
        return new MigrationSteering() {
            @Override
            public RoundDecision begin(Optional<PageView> pages) {
                return postcopy;
            }

            @Override
            public RoundDecision afterRound(RoundReport report, Optional<PageView> pages) {
                // never called: post-copy runs no pre-copy round; answer consistently if an engine asks anyway
                return postcopy;
            }
        };
    }
}

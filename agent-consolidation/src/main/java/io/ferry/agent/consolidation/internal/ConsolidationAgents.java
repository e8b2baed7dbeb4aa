package io.ferry.agent.consolidation.internal;

import io.ferry.agent.consolidation.internal.Policies.Detector;
import io.ferry.agent.consolidation.internal.Policies.Selector;
import io.ferry.api.AgentContext;
import io.ferry.api.MigrationAgent;
import io.ferry.api.model.MigrationDecision;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The twenty consolidation agents as Declarative Services components, one per detector-selector pair, each
 * active with its defaults and configurable through its own PID {@code io.ferry.agent.consolidation.NAME}
 * (e.g. {@code etc/io.ferry.agent.consolidation.lr-mmt.cfg} with {@code parameter = 1.1}), whose attributes are
 * those of its detector's configuration. Each component only names its pair; {@link Policies} builds the agent.
 * Cost: one {@link ConsolidationAgent} per component, built at activation.
 */
public final class ConsolidationAgents {

    /** The configuration PID of agent {@code NAME} is this prefix followed by the name. */
    public static final String PID_PREFIX = "io.ferry.agent.consolidation.";

    private ConsolidationAgents() {
    }

    /** A component that delegates to the agent its pair and configuration compose. */
    abstract static class Configured implements MigrationAgent {

        private final ConsolidationAgent agent;

        Configured(Detector detector, Selector selector, Map<String, Object> properties) {
            this.agent = Policies.agent(detector, selector, properties);
        }

        @Override
        public final String name() {
            return agent.name();
        }

        @Override
        public final List<MigrationDecision> decide(AgentContext context) {
            return agent.decide(context);
        }
    }

    /** Agent thr-mmt. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "thr-mmt",
            property = MigrationAgent.NAME_PROPERTY + "=thr-mmt")
    @Designate(ocd = ThrConfiguration.class)
    public static final class ThrMmt extends Configured {
        @Activate
        public ThrMmt(Map<String, Object> properties) {
            super(Detector.THR, Selector.MMT, properties);
        }
    }

    /** Agent thr-mc. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "thr-mc",
            property = MigrationAgent.NAME_PROPERTY + "=thr-mc")
    @Designate(ocd = ThrConfiguration.class)
    public static final class ThrMc extends Configured {
        @Activate
        public ThrMc(Map<String, Object> properties) {
            super(Detector.THR, Selector.MC, properties);
        }
    }

    /** Agent thr-mu. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "thr-mu",
            property = MigrationAgent.NAME_PROPERTY + "=thr-mu")
    @Designate(ocd = ThrConfiguration.class)
    public static final class ThrMu extends Configured {
        @Activate
        public ThrMu(Map<String, Object> properties) {
            super(Detector.THR, Selector.MU, properties);
        }
    }

    /** Agent thr-rs. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "thr-rs",
            property = MigrationAgent.NAME_PROPERTY + "=thr-rs")
    @Designate(ocd = ThrConfiguration.class)
    public static final class ThrRs extends Configured {
        @Activate
        public ThrRs(Map<String, Object> properties) {
            super(Detector.THR, Selector.RS, properties);
        }
    }

    /** Agent iqr-mmt. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "iqr-mmt",
            property = MigrationAgent.NAME_PROPERTY + "=iqr-mmt")
    @Designate(ocd = IqrConfiguration.class)
    public static final class IqrMmt extends Configured {
        @Activate
        public IqrMmt(Map<String, Object> properties) {
            super(Detector.IQR, Selector.MMT, properties);
        }
    }

    /** Agent iqr-mc. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "iqr-mc",
            property = MigrationAgent.NAME_PROPERTY + "=iqr-mc")
    @Designate(ocd = IqrConfiguration.class)
    public static final class IqrMc extends Configured {
        @Activate
        public IqrMc(Map<String, Object> properties) {
            super(Detector.IQR, Selector.MC, properties);
        }
    }

    /** Agent iqr-mu. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "iqr-mu",
            property = MigrationAgent.NAME_PROPERTY + "=iqr-mu")
    @Designate(ocd = IqrConfiguration.class)
    public static final class IqrMu extends Configured {
        @Activate
        public IqrMu(Map<String, Object> properties) {
            super(Detector.IQR, Selector.MU, properties);
        }
    }

    /** Agent iqr-rs. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "iqr-rs",
            property = MigrationAgent.NAME_PROPERTY + "=iqr-rs")
    @Designate(ocd = IqrConfiguration.class)
    public static final class IqrRs extends Configured {
        @Activate
        public IqrRs(Map<String, Object> properties) {
            super(Detector.IQR, Selector.RS, properties);
        }
    }

    /** Agent mad-mmt. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "mad-mmt",
            property = MigrationAgent.NAME_PROPERTY + "=mad-mmt")
    @Designate(ocd = MadConfiguration.class)
    public static final class MadMmt extends Configured {
        @Activate
        public MadMmt(Map<String, Object> properties) {
            super(Detector.MAD, Selector.MMT, properties);
        }
    }

    /** Agent mad-mc. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "mad-mc",
            property = MigrationAgent.NAME_PROPERTY + "=mad-mc")
    @Designate(ocd = MadConfiguration.class)
    public static final class MadMc extends Configured {
        @Activate
        public MadMc(Map<String, Object> properties) {
            super(Detector.MAD, Selector.MC, properties);
        }
    }

    /** Agent mad-mu. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "mad-mu",
            property = MigrationAgent.NAME_PROPERTY + "=mad-mu")
    @Designate(ocd = MadConfiguration.class)
    public static final class MadMu extends Configured {
        @Activate
        public MadMu(Map<String, Object> properties) {
            super(Detector.MAD, Selector.MU, properties);
        }
    }

    /** Agent mad-rs. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "mad-rs",
            property = MigrationAgent.NAME_PROPERTY + "=mad-rs")
    @Designate(ocd = MadConfiguration.class)
    public static final class MadRs extends Configured {
        @Activate
        public MadRs(Map<String, Object> properties) {
            super(Detector.MAD, Selector.RS, properties);
        }
    }

    /** Agent lr-mmt. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "lr-mmt",
            property = MigrationAgent.NAME_PROPERTY + "=lr-mmt")
    @Designate(ocd = LrConfiguration.class)
    public static final class LrMmt extends Configured {
        @Activate
        public LrMmt(Map<String, Object> properties) {
            super(Detector.LR, Selector.MMT, properties);
        }
    }

    /** Agent lr-mc. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "lr-mc",
            property = MigrationAgent.NAME_PROPERTY + "=lr-mc")
    @Designate(ocd = LrConfiguration.class)
    public static final class LrMc extends Configured {
        @Activate
        public LrMc(Map<String, Object> properties) {
            super(Detector.LR, Selector.MC, properties);
        }
    }

    /** Agent lr-mu. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "lr-mu",
            property = MigrationAgent.NAME_PROPERTY + "=lr-mu")
    @Designate(ocd = LrConfiguration.class)
    public static final class LrMu extends Configured {
        @Activate
        public LrMu(Map<String, Object> properties) {
            super(Detector.LR, Selector.MU, properties);
        }
    }

    /** Agent lr-rs. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "lr-rs",
            property = MigrationAgent.NAME_PROPERTY + "=lr-rs")
    @Designate(ocd = LrConfiguration.class)
    public static final class LrRs extends Configured {
        @Activate
        public LrRs(Map<String, Object> properties) {
            super(Detector.LR, Selector.RS, properties);
        }
    }

    /** Agent lrr-mmt. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "lrr-mmt",
            property = MigrationAgent.NAME_PROPERTY + "=lrr-mmt")
    @Designate(ocd = LrrConfiguration.class)
    public static final class LrrMmt extends Configured {
        @Activate
        public LrrMmt(Map<String, Object> properties) {
            super(Detector.LRR, Selector.MMT, properties);
        }
    }

    /** Agent lrr-mc. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "lrr-mc",
            property = MigrationAgent.NAME_PROPERTY + "=lrr-mc")
    @Designate(ocd = LrrConfiguration.class)
    public static final class LrrMc extends Configured {
        @Activate
        public LrrMc(Map<String, Object> properties) {
            super(Detector.LRR, Selector.MC, properties);
        }
    }

    /** Agent lrr-mu. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "lrr-mu",
            property = MigrationAgent.NAME_PROPERTY + "=lrr-mu")
    @Designate(ocd = LrrConfiguration.class)
    public static final class LrrMu extends Configured {
        @Activate
        public LrrMu(Map<String, Object> properties) {
            super(Detector.LRR, Selector.MU, properties);
        }
    }

    /** Agent lrr-rs. */
    @Component(service = MigrationAgent.class, configurationPid = PID_PREFIX + "lrr-rs",
            property = MigrationAgent.NAME_PROPERTY + "=lrr-rs")
    @Designate(ocd = LrrConfiguration.class)
    public static final class LrrRs extends Configured {
        @Activate
        public LrrRs(Map<String, Object> properties) {
            super(Detector.LRR, Selector.RS, properties);
        }
    }
}

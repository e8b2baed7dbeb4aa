package io.ferry.agent.consolidation.internal;

import io.ferry.agent.consolidation.internal.Policies.Detector;
import io.ferry.agent.consolidation.internal.Policies.Selector;
import io.ferry.api.MigrationAgent;
import io.ferry.api.spi.MigrationAgentFactory;
import io.ferry.api.spi.PluginFactory;
import io.ferry.policy.support.MetatypePluginFactory;
import org.osgi.service.component.annotations.Component;

/**
 * The twenty consolidation agents' factories, one per detector-selector pair, named like the agent
 * ({@code lr-mmt}); their settings are the detector configuration's attributes, read from its metatype, so
 * {@code create(Map.of("parameter", "1.2"))} builds {@code lr-mmt-1.2}. Published as OSGi services and listed in
 * {@code META-INF/services} for {@link java.util.ServiceLoader}. Cost: the metatype is parsed on first use of the
 * settings; {@link MetatypePluginFactory#create} costs one agent's construction.
 */
public final class ConsolidationAgentFactories {

    private ConsolidationAgentFactories() {
    }

    /** Builds agent thr-mmt. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=thr-mmt")
    public static final class ThrMmt extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public ThrMmt() {
            super("thr-mmt", ThrConfiguration.class, s -> Policies.agent(Detector.THR, Selector.MMT, s));
        }
    }

    /** Builds agent thr-mc. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=thr-mc")
    public static final class ThrMc extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public ThrMc() {
            super("thr-mc", ThrConfiguration.class, s -> Policies.agent(Detector.THR, Selector.MC, s));
        }
    }

    /** Builds agent thr-mu. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=thr-mu")
    public static final class ThrMu extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public ThrMu() {
            super("thr-mu", ThrConfiguration.class, s -> Policies.agent(Detector.THR, Selector.MU, s));
        }
    }

    /** Builds agent thr-rs. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=thr-rs")
    public static final class ThrRs extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public ThrRs() {
            super("thr-rs", ThrConfiguration.class, s -> Policies.agent(Detector.THR, Selector.RS, s));
        }
    }

    /** Builds agent iqr-mmt. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=iqr-mmt")
    public static final class IqrMmt extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public IqrMmt() {
            super("iqr-mmt", IqrConfiguration.class, s -> Policies.agent(Detector.IQR, Selector.MMT, s));
        }
    }

    /** Builds agent iqr-mc. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=iqr-mc")
    public static final class IqrMc extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public IqrMc() {
            super("iqr-mc", IqrConfiguration.class, s -> Policies.agent(Detector.IQR, Selector.MC, s));
        }
    }

    /** Builds agent iqr-mu. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=iqr-mu")
    public static final class IqrMu extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public IqrMu() {
            super("iqr-mu", IqrConfiguration.class, s -> Policies.agent(Detector.IQR, Selector.MU, s));
        }
    }

    /** Builds agent iqr-rs. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=iqr-rs")
    public static final class IqrRs extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public IqrRs() {
            super("iqr-rs", IqrConfiguration.class, s -> Policies.agent(Detector.IQR, Selector.RS, s));
        }
    }

    /** Builds agent mad-mmt. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=mad-mmt")
    public static final class MadMmt extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public MadMmt() {
            super("mad-mmt", MadConfiguration.class, s -> Policies.agent(Detector.MAD, Selector.MMT, s));
        }
    }

    /** Builds agent mad-mc. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=mad-mc")
    public static final class MadMc extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public MadMc() {
            super("mad-mc", MadConfiguration.class, s -> Policies.agent(Detector.MAD, Selector.MC, s));
        }
    }

    /** Builds agent mad-mu. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=mad-mu")
    public static final class MadMu extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public MadMu() {
            super("mad-mu", MadConfiguration.class, s -> Policies.agent(Detector.MAD, Selector.MU, s));
        }
    }

    /** Builds agent mad-rs. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=mad-rs")
    public static final class MadRs extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public MadRs() {
            super("mad-rs", MadConfiguration.class, s -> Policies.agent(Detector.MAD, Selector.RS, s));
        }
    }

    /** Builds agent lr-mmt. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=lr-mmt")
    public static final class LrMmt extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public LrMmt() {
            super("lr-mmt", LrConfiguration.class, s -> Policies.agent(Detector.LR, Selector.MMT, s));
        }
    }

    /** Builds agent lr-mc. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=lr-mc")
    public static final class LrMc extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public LrMc() {
            super("lr-mc", LrConfiguration.class, s -> Policies.agent(Detector.LR, Selector.MC, s));
        }
    }

    /** Builds agent lr-mu. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=lr-mu")
    public static final class LrMu extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public LrMu() {
            super("lr-mu", LrConfiguration.class, s -> Policies.agent(Detector.LR, Selector.MU, s));
        }
    }

    /** Builds agent lr-rs. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=lr-rs")
    public static final class LrRs extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public LrRs() {
            super("lr-rs", LrConfiguration.class, s -> Policies.agent(Detector.LR, Selector.RS, s));
        }
    }

    /** Builds agent lrr-mmt. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=lrr-mmt")
    public static final class LrrMmt extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public LrrMmt() {
            super("lrr-mmt", LrrConfiguration.class, s -> Policies.agent(Detector.LRR, Selector.MMT, s));
        }
    }

    /** Builds agent lrr-mc. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=lrr-mc")
    public static final class LrrMc extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public LrrMc() {
            super("lrr-mc", LrrConfiguration.class, s -> Policies.agent(Detector.LRR, Selector.MC, s));
        }
    }

    /** Builds agent lrr-mu. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=lrr-mu")
    public static final class LrrMu extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public LrrMu() {
            super("lrr-mu", LrrConfiguration.class, s -> Policies.agent(Detector.LRR, Selector.MU, s));
        }
    }

    /** Builds agent lrr-rs. */
    @Component(service = MigrationAgentFactory.class, property = PluginFactory.NAME_PROPERTY + "=lrr-rs")
    public static final class LrrRs extends MetatypePluginFactory<MigrationAgent> implements MigrationAgentFactory {
        public LrrRs() {
            super("lrr-rs", LrrConfiguration.class, s -> Policies.agent(Detector.LRR, Selector.RS, s));
        }
    }
}

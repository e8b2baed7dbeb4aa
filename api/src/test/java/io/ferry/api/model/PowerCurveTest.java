package io.ferry.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PowerCurveTest {

    private static final double[] G4 = {86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117};

    @Test
    void powerAtATenthIsTheMeasuredPoint() {
        PowerCurve c = new PowerCurve(G4);
        assertThat(c.watts(0)).isEqualTo(86);
        assertThat(c.watts(0.3)).isCloseTo(96, within(1e-12));
        assertThat(c.watts(1)).isEqualTo(117);
    }

    @Test
    void powerBetweenTenthsIsLinear() {
        PowerCurve c = new PowerCurve(G4);
        assertThat(c.watts(0.35)).isCloseTo((96 + 99.5) / 2, within(1e-9));
        assertThat(c.watts(0.99)).isCloseTo(114 + 0.9 * 3, within(1e-9));
    }

    @Test
    void linearModelGoesFromIdleToMax() {
        PowerCurve c = PowerCurve.linear(100, 200);
        assertThat(c.idleWatts()).isEqualTo(100);
        assertThat(c.maxWatts()).isEqualTo(200);
        assertThat(c.watts(0.25)).isCloseTo(125, within(1e-9));
    }

    @Test
    void utilisationOutsideZeroToOneIsRefused() {
        PowerCurve c = PowerCurve.linear(1, 2);
        assertThatThrownBy(() -> c.watts(1.01)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> c.watts(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void curvesThatAreShortOrFallAreRefused() {
        assertThatThrownBy(() -> new PowerCurve(new double[10])).hasMessageContaining("must have 11");
        double[] falling = G4.clone();
        falling[5] = 1;
        assertThatThrownBy(() -> new PowerCurve(falling)).hasMessageContaining("wattsAtTenths[5]");
    }

    @Test
    void capacityRefusesANonPositiveSpeed() {
        assertThatThrownBy(() -> new HostCapacity(0, 1, Optional.empty())).hasMessageContaining("mipsPerCpu");
    }
}

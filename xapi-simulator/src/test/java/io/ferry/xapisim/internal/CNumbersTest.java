package io.ferry.xapisim.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** C's {@code %.16g} and xcp-rrd's {@code %0.4f}, as glibc prints them (expected values printed by glibc). */
class CNumbersTest {

    @ParameterizedTest
    @CsvSource({
        "0.0, 0",
        "-0.0, -0",
        "1.0, 1",
        "0.5, 0.5",
        "0.1, 0.1",
        "0.3, 0.3",
        "2.5, 2.5",
        "100.0, 100",
        "0.0001, 0.0001",
        "0.00001, 1e-05",
        "1.5e-7, 1.5e-07",
        "123456789.0, 123456789",
        "1234567890123456.0, 1234567890123456",
        "12345678901234567.0, 1.234567890123457e+16",
        "1.0e20, 1e+20",
        "1.0e100, 1e+100",
        "0.6666666666666666, 0.6666666666666666",
        "0.1234567890123456789, 0.1234567890123457",
        "-3.75, -3.75",
        "1742358375.25, 1742358375.25",
    })
    void g16WhenFormattedThenAsCPrintfDoes(double value, String expected) {
        assertThat(CNumbers.g16(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "0.0, 0.0",
        "0.0282, 0.0282",
        "0.02825, 0.0283",
        "1.0, 1.0000",
        "2147483648.0, 2147483648.0000",
        "-0.00001, -0.0000",
        "0.99995, 1.0000",
    })
    void rrdWhenFormattedThenAsXcpRrdDoes(double value, String expected) {
        assertThat(CNumbers.rrd(value)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void rrdWhenNotFiniteThenOcamlNames() {
        assertThat(CNumbers.rrd(Double.NaN)).isEqualTo("NaN");
        assertThat(CNumbers.rrd(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(CNumbers.g16(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }
}

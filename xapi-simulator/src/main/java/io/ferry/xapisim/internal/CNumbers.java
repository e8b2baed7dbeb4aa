package io.ferry.xapisim.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Floating-point text exactly as C's {@code printf} writes it, because xapi's printers are OCaml's
 * {@code Printf}: {@code %.16g} for XML-RPC {@code <double>} (ocaml-rpc) and {@code %0.4f} for RRD values
 * (xcp-rrd's {@code Utils.f_to_s}). Java's own {@code %g} differs (it never drops trailing zeros), so both are
 * done here from the exact binary value with round-half-even, as glibc does.
 */
final class CNumbers {

    private static final MathContext SIXTEEN = new MathContext(16, RoundingMode.HALF_EVEN);

    private CNumbers() {
    }

    /** @return {@code sprintf "%.16g" d} */
    static String g16(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(SIXTEEN);
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            BigDecimal stripped = rounded.stripTrailingZeros();
            String digits = stripped.unscaledValue().abs().toString();
            StringBuilder b = new StringBuilder();
            if (stripped.signum() < 0) {
                b.append('-');
            }
            b.append(digits.charAt(0));
            if (digits.length() > 1) {
                b.append('.').append(digits, 1, digits.length());
            }
            b.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                b.append('0');
            }
            return b.append(abs).toString();
        }
        String plain = rounded.toPlainString();
        if (plain.indexOf('.') >= 0) {
            int end = plain.length();
            while (plain.charAt(end - 1) == '0') {
                end--;
            }
            if (plain.charAt(end - 1) == '.') {
                end--;
            }
            plain = plain.substring(0, end);
        }
        return plain;
    }

    /**
     * @return xcp-rrd's {@code f_to_s}: {@code "0.0"} for zero, {@code "NaN"}, {@code "Infinity"},
     *         {@code "-Infinity"}, else {@code sprintf "%0.4f" f}
     */
    static String rrd(double f) {
        if (Double.isNaN(f)) {
            return "NaN";
        }
        if (Double.isInfinite(f)) {
            return f > 0 ? "Infinity" : "-Infinity";
        }
        if (f == 0) {
            return "0.0";
        }
        String s = new BigDecimal(f).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
        // C prints the sign of a negative number that rounds to zero
        return f < 0 && !s.startsWith("-") ? "-" + s : s;
    }
}

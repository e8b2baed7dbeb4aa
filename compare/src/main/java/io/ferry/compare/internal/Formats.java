package io.ferry.compare.internal;

import java.util.Locale;

/** Number and name formatting shared by the text table and the HTML report; locale-independent. */
final class Formats {

    private static final double GIB = 1L << 30;

    private Formats() {
    }

    static String seconds(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms / 1e3);
    }

    static String millis(double ms) {
        return String.format(Locale.ROOT, "%.1f", ms);
    }

    static String gib(double bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / GIB);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** @return {@code PRE_COPY+HYBRID} as {@code pre-copy+hybrid} */
    static String technique(String technique) {
        return technique.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String sla(boolean violated) {
        return violated ? "VIOLATED" : "ok";
    }
}

package io.lodestone.unitvalue;

import io.lodestone.reference.ReferenceData;
import java.time.YearMonth;

/**
 * The keys of the unit-value stores, built and parsed here only: a band code and a month, {@code
 * 282580|2025-01}, and a declaration under it, {@code 282580|2025-01|SHP-1}. A band code is what
 * one price band is kept for: an HS code's first 6 digits (the Harmonized System's, shared by every
 * country's national lines), or its catalogue or watch prefix where that is longer (gallium
 * 81129210 and germanium 81129230 share 811292 but not a price).
 */
public final class BandCode {

    private static final char SEPARATOR = '|';

    private BandCode() {}

    /** The band code of {@code hsCode}, a catalogue or watch code (validation saw to that). */
    public static String of(String hsCode, ReferenceData reference) {
        String listed =
                reference
                        .catalogue()
                        .prefixOf(hsCode)
                        .orElseGet(() -> reference.watchCodes().of(hsCode).get(0).hsPrefix());
        return hsCode.substring(0, Math.min(hsCode.length(), Math.max(6, listed.length())));
    }

    /** The key of a band code's month. */
    public static String month(String bandCode, YearMonth month) {
        return bandCode + SEPARATOR + month;
    }

    /** The key of a declaration. */
    public static String declaration(Declaration d) {
        return month(d.bandCode(), d.month()) + SEPARATOR + d.shipmentId();
    }

    /** The band code of a month's or a declaration's key. */
    public static String codeOf(String key) {
        return key.substring(0, key.indexOf(SEPARATOR));
    }

    /** The month of a month's or a declaration's key. */
    public static YearMonth monthOf(String key) {
        int from = key.indexOf(SEPARATOR) + 1;
        int to = key.indexOf(SEPARATOR, from);
        return YearMonth.parse(to < 0 ? key.substring(from) : key.substring(from, to));
    }
}

package io.lodestone.reference;

import java.util.Locale;
import java.util.Set;

/** ISO-3166 alpha-2 country codes, as the JDK's own ISO data lists them. */
public final class Countries {

    private static final Set<String> CODES =
            Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2));

    private Countries() {}

    public static boolean isKnown(String code) {
        return code != null && CODES.contains(code);
    }
}

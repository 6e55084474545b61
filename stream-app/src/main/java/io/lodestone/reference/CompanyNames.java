package io.lodestone.reference;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One spelling for a company name: case, accents, punctuation and legal-form suffixes do not
 * matter, so "Siam Antimony Trading Co., Ltd." and "SIAM ANTIMONY TRADING CO LTD" are the same
 * company.
 */
public final class CompanyNames {

    private static final Pattern NOT_ALNUM = Pattern.compile("[^a-z0-9]+");
    private static final Pattern LEGAL_SUFFIX =
            Pattern.compile(
                    "( (co|company|corp|corporation|inc|incorporated|llc|ltd|limited|plc|gmbh|ag|kg|sa|sas|srl|bv|nv|kk|jsc|sarl|sdn"
                        + " bhd|pte|pty|de cv|public))+$");

    private CompanyNames() {}

    public static String normalise(String name) {
        if (name == null) {
            return "";
        }
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        // Dots join abbreviations ("S.A." is "SA"); every other non-alphanumeric separates words.
        String words =
                NOT_ALNUM
                        .matcher(ascii.toLowerCase(Locale.ROOT).replace(".", ""))
                        .replaceAll(" ")
                        .trim();
        return LEGAL_SUFFIX.matcher(words).replaceAll("").trim();
    }
}

package io.lodestone.reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The uncontrolled HS codes each controlled commodity is typically passed off as, from a CSV data
 * file ({@code hsPrefix,commodity,reason}; {@code #} comments; a prefix watching several
 * commodities has a line each). A code matches its longest listed prefix. Checked at load against
 * the catalogue: every commodity named is in it, and no watch prefix is a catalogue code or covers
 * one, so a code is either a controlled commodity's, a watch code, or neither.
 */
public final class WatchCodes {

    /**
     * How a watch code's route series is labelled in place of a commodity: {@code watch:282590}.
     */
    private static final String ROUTE_LABEL_PREFIX = "watch:";

    /** {@code hsPrefix} is watched as a disguise of {@code commodity}, for {@code reason}. */
    public record WatchCode(String hsPrefix, String commodity, String reason) {

        /** The commodity label of this code's route series (never a commodity's name). */
        public String routeLabel() {
            return ROUTE_LABEL_PREFIX + hsPrefix;
        }
    }

    private final PrefixTable<List<WatchCode>> byPrefix;

    private WatchCodes(Map<String, List<WatchCode>> byPrefix) {
        this.byPrefix = new PrefixTable<>(byPrefix);
    }

    public static WatchCodes load(DataFile file, CommodityCatalogue catalogue) {
        Map<String, List<WatchCode>> byPrefix = new HashMap<>();
        for (DataFile.CsvRow row : file.csvRows("watch codes file", 3)) {
            String[] cells = row.cells();
            String prefix = cells[0].trim();
            if (cells.length < 3
                    || !CommodityCatalogue.PREFIX.matcher(prefix).matches()
                    || cells[1].isBlank()
                    || cells[2].isBlank()) {
                throw new IllegalArgumentException(
                        row.where()
                                + ": expected 'hsPrefix,commodity,reason' with a 2-10 digit prefix"
                                + " and a reason, got '"
                                + row.line()
                                + "'");
            }
            WatchCode code = new WatchCode(prefix, cells[1].trim(), cells[2].trim());
            if (!catalogue.commodities().contains(code.commodity())) {
                throw new IllegalArgumentException(
                        row.where()
                                + ": watch code "
                                + prefix
                                + " names commodity '"
                                + code.commodity()
                                + "', which is not in the commodity catalogue "
                                + catalogue.commodities()
                                + ": a watch code needs a controlled commodity behind it");
            }
            catalogue
                    .commodityOf(prefix)
                    .ifPresent(
                            commodity -> {
                                throw new IllegalArgumentException(
                                        row.where()
                                                + ": watch code "
                                                + prefix
                                                + " is a catalogue code of "
                                                + commodity
                                                + ": a code is controlled or watched, not both");
                            });
            catalogue
                    .prefixUnder(prefix)
                    .ifPresent(
                            listed -> {
                                throw new IllegalArgumentException(
                                        row.where()
                                                + ": watch code "
                                                + prefix
                                                + " covers catalogue code "
                                                + listed
                                                + ": list the narrower uncontrolled codes instead");
                            });
            List<WatchCode> same = byPrefix.computeIfAbsent(prefix, p -> new ArrayList<>());
            if (same.stream().anyMatch(c -> c.commodity().equals(code.commodity()))) {
                throw new IllegalArgumentException(
                        row.where()
                                + ": watch code "
                                + prefix
                                + " for "
                                + code.commodity()
                                + " is listed twice");
            }
            same.add(code);
        }
        byPrefix.replaceAll((prefix, codes) -> List.copyOf(codes));
        return new WatchCodes(byPrefix);
    }

    /** The watch codes {@code hsCode} falls under (one per commodity watched), or none. */
    public List<WatchCode> of(String hsCode) {
        return byPrefix.longest(hsCode).orElse(List.of());
    }

    /** The route label of {@code hsCode}'s watch code, if it is one. */
    public Optional<String> routeLabel(String hsCode) {
        return byPrefix.longest(hsCode).map(codes -> codes.get(0).routeLabel());
    }

    /**
     * The watched prefix a route's commodity label names ({@code watch:282590} → {@code 282590}),
     * if it is a watch code's label.
     */
    public static Optional<String> hsPrefixOfRouteLabel(String commodityLabel) {
        return isRouteLabel(commodityLabel)
                ? Optional.of(commodityLabel.substring(ROUTE_LABEL_PREFIX.length()))
                : Optional.empty();
    }

    /** Whether a route's commodity label is a watch code's ({@link WatchCode#routeLabel()}). */
    public static boolean isRouteLabel(String commodityLabel) {
        return commodityLabel.startsWith(ROUTE_LABEL_PREFIX);
    }

    /** The watched prefixes. */
    public Set<String> prefixes() {
        return byPrefix.entries().keySet();
    }

    /** How many prefixes are watched. */
    public int size() {
        return byPrefix.entries().size();
    }
}

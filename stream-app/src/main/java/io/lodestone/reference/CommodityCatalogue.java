package io.lodestone.reference;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * HS code prefix → commodity group, from a CSV data file ({@code hsPrefix,commodity,description};
 * {@code #} comments). A code maps to the commodity of its longest listed prefix.
 */
public final class CommodityCatalogue {

    private static final Pattern PREFIX = Pattern.compile("\\d{2,10}");

    private final Map<String, String> commodityByPrefix;
    private final int longestPrefix;

    CommodityCatalogue(Map<String, String> commodityByPrefix) {
        if (commodityByPrefix.isEmpty()) {
            throw new IllegalArgumentException("the commodity catalogue lists no HS prefixes");
        }
        this.commodityByPrefix = Map.copyOf(commodityByPrefix);
        this.longestPrefix =
                commodityByPrefix.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    public static CommodityCatalogue load(DataFile file) {
        Map<String, String> byPrefix = new HashMap<>();
        for (DataFile.CsvRow row : file.csvRows("commodity catalogue", 3)) {
            String[] cells = row.cells();
            String prefix = cells[0].trim();
            if (cells.length < 2 || !PREFIX.matcher(prefix).matches() || cells[1].isBlank()) {
                throw new IllegalArgumentException(
                        row.where()
                                + ": expected 'hsPrefix,commodity,description' with a 2-10 digit"
                                + " prefix, got '"
                                + row.line()
                                + "'");
            }
            String previous = byPrefix.put(prefix, cells[1].trim());
            if (previous != null) {
                throw new IllegalArgumentException(
                        row.where() + ": HS prefix " + prefix + " is listed twice");
            }
        }
        return new CommodityCatalogue(byPrefix);
    }

    /** The commodity of the longest listed prefix of {@code hsCode}, if any. */
    public Optional<String> commodityOf(String hsCode) {
        for (int length = Math.min(hsCode.length(), longestPrefix); length >= 2; length--) {
            String commodity = commodityByPrefix.get(hsCode.substring(0, length));
            if (commodity != null) {
                return Optional.of(commodity);
            }
        }
        return Optional.empty();
    }

    public Set<String> commodities() {
        return new TreeSet<>(commodityByPrefix.values());
    }

    public int size() {
        return commodityByPrefix.size();
    }
}

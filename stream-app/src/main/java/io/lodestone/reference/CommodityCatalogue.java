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

    static final Pattern PREFIX = Pattern.compile("\\d{2,10}");

    private final PrefixTable<String> commodityByPrefix;

    CommodityCatalogue(Map<String, String> commodityByPrefix) {
        if (commodityByPrefix.isEmpty()) {
            throw new IllegalArgumentException("the commodity catalogue lists no HS prefixes");
        }
        this.commodityByPrefix = new PrefixTable<>(commodityByPrefix);
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
        return commodityByPrefix.longest(hsCode);
    }

    /** The longest listed prefix of {@code hsCode}, if any. */
    public Optional<String> prefixOf(String hsCode) {
        return commodityByPrefix.longestPrefix(hsCode);
    }

    /** A listed prefix that is {@code prefix} or lies under it, if any. */
    Optional<String> prefixUnder(String prefix) {
        return commodityByPrefix.under(prefix);
    }

    public Set<String> commodities() {
        return new TreeSet<>(commodityByPrefix.entries().values());
    }

    public int size() {
        return commodityByPrefix.entries().size();
    }
}

package io.lodestone.reference;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A positive number of kg per commodity, from a CSV data file ({@code commodity,<number>,<text>};
 * {@code #} comments) listing every commodity of the catalogue once. Two such tables:
 *
 * <ul>
 *   <li>{@link #materiality}: the smallest change of a route's monthly net weight worth an alert
 *       (100 kg a month of gallium matters as much as 20 t of graphite);
 *   <li>{@link #declarationLimits}: the heaviest single declaration that is plausible at all, a
 *       whole ship's cargo of the goods, generous on purpose. A declaration above it is a keying
 *       error (grams keyed as kg, zeros too many) or corrupt, not trade, and would drown or
 *       overflow every sum it joins.
 * </ul>
 */
public final class KgPerCommodity {

    private final Map<String, Double> kg;
    private final String number;

    private KgPerCommodity(
            DataFile file, CommodityCatalogue catalogue, String what, String columns) {
        this.number = columns.split(",")[1];
        this.kg = Map.copyOf(table(file, catalogue, what, columns));
    }

    /** {@code commodity,materialKgPerMonth,scale} */
    public static KgPerCommodity materiality(DataFile file, CommodityCatalogue catalogue) {
        return new KgPerCommodity(
                file, catalogue, "materiality file", "commodity,materialKgPerMonth,scale");
    }

    /** {@code commodity,maxKgPerDeclaration,reason} */
    public static KgPerCommodity declarationLimits(DataFile file, CommodityCatalogue catalogue) {
        return new KgPerCommodity(
                file, catalogue, "declaration limits file", "commodity,maxKgPerDeclaration,reason");
    }

    /** The figure of {@code commodity} (every catalogue commodity has one: checked at load). */
    public double kg(String commodity) {
        Double found = kg.get(commodity);
        if (found == null) {
            throw new IllegalArgumentException(
                    "no " + number + " for commodity '" + commodity + "'");
        }
        return found;
    }

    /** The largest figure of the table. */
    public double largestKg() {
        return kg.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /**
     * {@code what} names the file in errors ("materiality file"); {@code columns} is its header
     * ({@code commodity,materialKgPerMonth,scale}), whose second column is {@link #number}.
     */
    private Map<String, Double> table(
            DataFile file, CommodityCatalogue catalogue, String what, String columns) {
        Map<String, Double> byCommodity = new HashMap<>();
        for (DataFile.CsvRow row : file.csvRows(what, 3)) {
            String[] cells = row.cells();
            double kg;
            try {
                kg = cells.length < 2 ? -1 : Double.parseDouble(cells[1].trim());
            } catch (NumberFormatException e) {
                kg = -1;
            }
            if (!(kg > 0) || Double.isInfinite(kg)) {
                throw new IllegalArgumentException(
                        row.where()
                                + ": expected '"
                                + columns
                                + "' with a positive number of kg, got '"
                                + row.line()
                                + "'");
            }
            if (byCommodity.put(cells[0].trim(), kg) != null) {
                throw new IllegalArgumentException(
                        row.where() + ": commodity " + cells[0].trim() + " is listed twice");
            }
        }
        Set<String> missing = new TreeSet<>(catalogue.commodities());
        missing.removeAll(byCommodity.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    file
                            + " gives no "
                            + number
                            + " for "
                            + missing
                            + ": every commodity of the catalogue needs one");
        }
        return byCommodity;
    }
}

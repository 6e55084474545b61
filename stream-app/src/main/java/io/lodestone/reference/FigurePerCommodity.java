package io.lodestone.reference;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A positive figure (kg or USD) per commodity, from a CSV data file ({@code
 * commodity,<number>,<text>}; {@code #} comments) listing every commodity of the catalogue once.
 * Three such tables:
 *
 * <ul>
 *   <li>{@link #materiality}: the smallest change of a route's monthly net weight worth an alert
 *       (100 kg a month of gallium matters as much as 20 t of graphite);
 *   <li>{@link #declarationLimits}: the heaviest single declaration that is plausible at all, a
 *       whole ship's cargo of the goods, generous on purpose; {@link #priceLimits}, from the same
 *       file: the highest plausible USD per kg, a thousand times the dearest grade traded. A
 *       declaration above it is a keying error (grams keyed as kg, zeros too many) or corrupt, not
 *       trade, and would drown or overflow every sum it joins.
 *   <li>{@link #valueMateriality}: the smallest gap (USD) between what an exporter's declarations
 *       of a month were declared at and what their code's price band says they were worth, worth a
 *       unit-value alert.
 * </ul>
 */
public final class FigurePerCommodity {

    private static final String DECLARATION_LIMITS =
            "commodity,maxKgPerDeclaration,maxUsdPerKg,reason";

    private final Map<String, Double> figures;
    private final String number;

    private FigurePerCommodity(
            DataFile file, CommodityCatalogue catalogue, String what, String columns) {
        this(file, catalogue, what, columns, columns.split(",")[1]);
    }

    /** The figures of column {@code number} of a file whose header is {@code columns}. */
    private FigurePerCommodity(
            DataFile file,
            CommodityCatalogue catalogue,
            String what,
            String columns,
            String number) {
        this.number = number;
        this.figures = Map.copyOf(table(file, catalogue, what, columns));
    }

    /** {@code commodity,materialKgPerMonth,scale} */
    public static FigurePerCommodity materiality(DataFile file, CommodityCatalogue catalogue) {
        return new FigurePerCommodity(
                file, catalogue, "materiality file", "commodity,materialKgPerMonth,scale");
    }

    /** {@code commodity,maxKgPerDeclaration,maxUsdPerKg,reason}: the weights. */
    public static FigurePerCommodity declarationLimits(
            DataFile file, CommodityCatalogue catalogue) {
        return new FigurePerCommodity(
                file, catalogue, "declaration limits file", DECLARATION_LIMITS);
    }

    /** The same file's unit values ({@code maxUsdPerKg}). */
    public static FigurePerCommodity priceLimits(DataFile file, CommodityCatalogue catalogue) {
        return new FigurePerCommodity(
                file, catalogue, "declaration limits file", DECLARATION_LIMITS, "maxUsdPerKg");
    }

    /** {@code commodity,materialUsd,reason} */
    public static FigurePerCommodity valueMateriality(DataFile file, CommodityCatalogue catalogue) {
        return new FigurePerCommodity(
                file, catalogue, "value materiality file", "commodity,materialUsd,reason");
    }

    /** The figure of {@code commodity} (every catalogue commodity has one: checked at load). */
    public double of(String commodity) {
        Double found = figures.get(commodity);
        if (found == null) {
            throw new IllegalArgumentException(
                    "no " + number + " for commodity '" + commodity + "'");
        }
        return found;
    }

    /** The largest figure of the table. */
    public double largest() {
        return figures.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /**
     * {@code what} names the file in errors ("materiality file"); {@code columns} is its header
     * ({@code commodity,materialKgPerMonth,scale}), one of whose columns is {@link #number}.
     */
    private Map<String, Double> table(
            DataFile file, CommodityCatalogue catalogue, String what, String columns) {
        Map<String, Double> byCommodity = new HashMap<>();
        List<String> header = List.of(columns.split(","));
        int column = header.indexOf(number);
        for (DataFile.CsvRow row : file.csvRows(what, header.size())) {
            String[] cells = row.cells();
            double kg;
            try {
                kg = cells.length < header.size() ? -1 : Double.parseDouble(cells[column].trim());
            } catch (NumberFormatException e) {
                kg = -1;
            }
            if (!(kg > 0) || Double.isInfinite(kg)) {
                throw new IllegalArgumentException(
                        row.where()
                                + ": expected '"
                                + columns
                                + "' with a positive number, got '"
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

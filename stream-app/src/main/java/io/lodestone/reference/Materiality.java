package io.lodestone.reference;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The smallest change of a route's monthly net weight worth an alert, per commodity, from a CSV
 * data file ({@code commodity,materialKgPerMonth,scale}; {@code #} comments): 100 kg a month of
 * gallium matters as much as 20 t of graphite.
 */
public final class Materiality {

    private final Map<String, Double> kgPerMonth;

    Materiality(Map<String, Double> kgPerMonth) {
        this.kgPerMonth = Map.copyOf(kgPerMonth);
    }

    /**
     * The material monthly change for {@code commodity} (every catalogue commodity has one: checked
     * at load).
     */
    public double kgPerMonth(String commodity) {
        Double kg = kgPerMonth.get(commodity);
        if (kg == null) {
            throw new IllegalArgumentException("no materiality for commodity '" + commodity + "'");
        }
        return kg;
    }

    public static Materiality load(DataFile file, CommodityCatalogue catalogue) {
        Map<String, Double> byCommodity = new HashMap<>();
        for (DataFile.CsvRow row : file.csvRows("materiality file", 3)) {
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
                                + ": expected 'commodity,materialKgPerMonth,scale' with a positive"
                                + " number of kg, got '"
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
                            + " gives no materialKgPerMonth for "
                            + missing
                            + ": every commodity of the catalogue needs one");
        }
        return new Materiality(byCommodity);
    }
}

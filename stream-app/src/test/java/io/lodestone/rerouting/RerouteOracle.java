package io.lodestone.rerouting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lodestone.reference.CommodityCatalogue;
import io.lodestone.statistics.MonthlySeries;
import io.lodestone.statistics.PooledChange;
import io.lodestone.statistics.PooledChange.Direction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the data can show of a diversion, for a judge that knows its truth: the month it began, the
 * hubs it used and its onward legs' lag. At each closed month from the change on, the direct flow's
 * fall and every true hub's two legs are pooled as the detector pools them ({@link PooledChange}:
 * the direct flow O→D, O→H, and H→D declared of origin O or H from the change plus the lag); the
 * evidence is the direct fall's p-value and the hub legs' combined (Fisher) p-value, and both must
 * be small (a diversion is both). The yardstick the detector's recall is held to: the oracle calls
 * at the level where it calls none of the controls, as the detector calls none.
 */
final class RerouteOracle {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final YearMonth first;
    private final YearMonth last;
    private final Map<String, long[]> counts = new HashMap<>();
    private final Map<String, double[]> kg = new HashMap<>();

    /**
     * {@code shipments}: the grid's shipment lines (JSON); months {@code first} to {@code last}.
     */
    RerouteOracle(
            List<String> shipments, CommodityCatalogue catalogue, YearMonth first, YearMonth last) {
        this.first = first;
        this.last = last;
        int months = months();
        for (String line : shipments) {
            JsonNode n = read(line);
            String commodity = catalogue.commodityOf(n.get("hsCode").asText()).orElse(null);
            if (commodity == null) {
                continue; // a watch code: not the commodity's flow
            }
            int m =
                    (int)
                            first.until(
                                    YearMonth.from(
                                            Instant.parse(n.get("eventTime").asText())
                                                    .atZone(ZoneOffset.UTC)),
                                    java.time.temporal.ChronoUnit.MONTHS);
            if (m < 0 || m >= months) {
                continue;
            }
            String route =
                    route(
                            commodity,
                            n.get("originCountry").asText(),
                            n.get("exportCountry").asText(),
                            n.get("importCountry").asText());
            counts.computeIfAbsent(route, r -> new long[months])[m]++;
            kg.computeIfAbsent(route, r -> new double[months])[m] +=
                    n.get("netWeightKg").asDouble();
        }
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int months() {
        return (int) first.until(last, java.time.temporal.ChronoUnit.MONTHS) + 1;
    }

    private static String route(String commodity, String origin, String export, String importer) {
        return commodity + "|" + origin + "|" + export + "|" + importer;
    }

    /** The sum of the routes of {@code commodity} from {@code export} to {@code importer}. */
    private MonthlySeries flow(
            String commodity, String export, String importer, List<String> origins) {
        long[] c = new long[months()];
        double[] w = new double[months()];
        counts.forEach(
                (route, n) -> {
                    String[] p = route.split("\\|");
                    if (p[0].equals(commodity)
                            && p[2].equals(export)
                            && p[3].equals(importer)
                            && (origins.isEmpty() || origins.contains(p[1]))) {
                        double[] k = kg.get(route);
                        for (int i = 0; i < c.length; i++) {
                            c[i] += n[i];
                            w[i] += k[i];
                        }
                    }
                });
        return new MonthlySeries(first.toString(), c, w);
    }

    /**
     * The smallest p-value the oracle sees for a diversion of ({@code commodity}, O, D) through
     * {@code hubs} from {@code change}, its onward legs lagging {@code lag} months, at any closed
     * month up to the last: the larger of the direct fall's and the hub legs' combined. 1 without
     * hubs (a rerouting call names a hub).
     */
    double smallestP(
            String commodity,
            String origin,
            String destination,
            List<String> hubs,
            int lag,
            YearMonth change) {
        if (hubs.isEmpty()) {
            return 1;
        }
        MonthlySeries direct = flow(commodity, origin, destination, List.of());
        Map<String, MonthlySeries> in = new HashMap<>();
        Map<String, MonthlySeries> out = new HashMap<>();
        for (String hub : hubs) {
            in.put(hub, flow(commodity, origin, hub, List.of()));
            out.put(hub, flow(commodity, hub, destination, List.of(origin, hub)));
        }
        double smallest = 1;
        for (YearMonth m = change; !m.isAfter(last); m = m.plusMonths(1)) {
            double fall =
                    PooledChange.since(direct, null, change, change, m, Direction.FALL)
                            .map(PooledChange::countP)
                            .orElse(1.0);
            double chi2 = 0;
            int tests = 0;
            for (String hub : hubs) {
                chi2 += -2 * Math.log(rise(in.get(hub), change, change, m));
                tests++;
                if (!change.plusMonths(lag).isAfter(m)) {
                    chi2 += -2 * Math.log(rise(out.get(hub), change, change.plusMonths(lag), m));
                    tests++;
                }
            }
            smallest = Math.min(smallest, Math.max(fall, chiSquareUpperTail(chi2, tests)));
        }
        return smallest;
    }

    private static double rise(MonthlySeries s, YearMonth change, YearMonth from, YearMonth m) {
        return Math.max(
                Double.MIN_NORMAL,
                PooledChange.since(s, null, change, from, m, Direction.RISE)
                        .map(PooledChange::countP)
                        .orElse(1.0));
    }

    /** P(χ² with 2k degrees of freedom ≥ x): Fisher's combination of k p-values. */
    static double chiSquareUpperTail(double x, int k) {
        double term = 1;
        double sum = 1;
        for (int i = 1; i < k; i++) {
            term *= x / 2 / i;
            sum += term;
        }
        return Math.min(1, Math.exp(-x / 2) * sum);
    }
}

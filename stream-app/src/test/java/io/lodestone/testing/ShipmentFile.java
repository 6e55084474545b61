package io.lodestone.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lodestone.testsupport.Differences;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A seeded JSON Lines file of shipments with re-sent duplicates and out-of-order lines, and the
 * route totals computed from it independently of Lodestone's code (its own HS → commodity table,
 * its own parsing): the oracle of the integration tests. Weights and values are whole numbers so
 * sums are exact in any order.
 */
public final class ShipmentFile {

    /** HS codes the file uses, with the commodity a person reads off the catalogue for each. */
    private static final Map<String, String> HS_CODES =
            Map.of(
                    "28258000",
                    "antimony",
                    "8110.10",
                    "antimony",
                    "85051110",
                    "rare-earth-magnets",
                    "81129230",
                    "germanium",
                    "2504.10",
                    "graphite");

    private static final String[][] ROUTES = {
        {"CN", "CN", "TH"},
        {"CN", "CN", "MX"},
        {"TH", "TH", "US"},
        {"CN", "TH", "US"},
        {"AU", "AU", "JP"},
        {"CN", "CN", "DE"}
    };

    /** Totals of one route-day. */
    public record Totals(long netWeightKg, long valueUsd, long shipmentCount) {
        Totals plus(long kg, long usd) {
            return new Totals(netWeightKg + kg, valueUsd + usd, shipmentCount + 1);
        }
    }

    private ShipmentFile() {}

    /**
     * {@code count} distinct shipments over {@code days} days from 2025-01-01, plus re-sent copies
     * of some.
     */
    public static List<String> lines(long seed, int count, int days, String idPrefix) {
        Random random = new Random(seed);
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        List<String> codes = new ArrayList<>(new TreeMap<>(HS_CODES).keySet());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // mostly increasing time, sometimes up to 20 h earlier than the previous line (out of
            // order, inside the grace)
            long minutes =
                    (long) i * days * 24 * 60 / count
                            - (random.nextInt(10) == 0 ? random.nextInt(20 * 60) : 0);
            String[] route = ROUTES[random.nextInt(ROUTES.length)];
            String line =
                    String.format(
                            "{\"shipmentId\":\"%s-%05d\",\"eventTime\":\"%s\",\"reporter\":\"%s\",\"flow\":\"EXPORT\","
                                + "\"hsCode\":\"%s\",\"originCountry\":\"%s\",\"exportCountry\":\"%s\",\"importCountry\":\"%s\",\"exporterId\":\"EXP-%d\",\"exporterName\":\"Exporter"
                                + " %d\",\"consigneeId\":\"IMP-%d\",\"consigneeName\":\"Consignee"
                                + " %d\",\"endUse\":\"CIVILIAN\",\"netWeightKg\":%d,\"valueUsd\":%d}",
                            idPrefix,
                            i,
                            start.plus(Math.max(0, minutes), ChronoUnit.MINUTES),
                            route[1],
                            codes.get(random.nextInt(codes.size())),
                            route[0],
                            route[1],
                            route[2],
                            i % 7,
                            i % 7,
                            i % 5,
                            i % 5,
                            100 + random.nextInt(20_000),
                            random.nextInt(500_000));
            lines.add(line);
            if (random.nextInt(25) == 0 && i > 0) { // a re-sent declaration
                lines.add(lines.get(lines.size() - 1 - random.nextInt(Math.min(3, lines.size()))));
            }
        }
        return lines;
    }

    /**
     * The route-days whose totals differ, at most ten, for a readable failure message; empty when
     * equal.
     */
    public static String differences(Map<String, Totals> actual, Map<String, Totals> expected) {
        return String.join("\n", Differences.between(expected, actual, 10));
    }

    public static Path write(Path file, List<String> lines) throws IOException {
        return Files.write(file, lines);
    }

    /**
     * Route key ({@code commodity|origin|export|import}) + "@" + day → totals, counting each
     * shipmentId once.
     */
    public static Map<String, Totals> expectedTotals(List<String> lines) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> seen = new HashSet<>();
        Map<String, Totals> totals = new TreeMap<>();
        for (String line : lines) {
            JsonNode n = json.readTree(line);
            if (!seen.add(n.get("shipmentId").asText())) {
                continue;
            }
            String key =
                    HS_CODES.get(n.get("hsCode").asText())
                            + "|"
                            + n.get("originCountry").asText()
                            + "|"
                            + n.get("exportCountry").asText()
                            + "|"
                            + n.get("importCountry").asText()
                            + "@"
                            + n.get("eventTime").asText().substring(0, 10);
            totals.merge(
                    key,
                    new Totals(0, 0, 0)
                            .plus(n.get("netWeightKg").asLong(), n.get("valueUsd").asLong()),
                    (a, b) ->
                            new Totals(
                                    a.netWeightKg + b.netWeightKg,
                                    a.valueUsd + b.valueUsd,
                                    a.shipmentCount + b.shipmentCount));
        }
        return totals;
    }
}

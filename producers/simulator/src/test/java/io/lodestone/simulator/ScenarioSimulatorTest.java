package io.lodestone.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScenarioSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate FROM = LocalDate.of(2024, 1, 1);
    private static final LocalDate TO = LocalDate.of(2026, 1, 1);
    private static final LocalDate TURN = LocalDate.of(2024, 12, 3);

    private static double tonnes(
            List<String> lines,
            String export,
            String importer,
            String hsPrefix,
            LocalDate from,
            LocalDate to)
            throws Exception {
        double kg = 0;
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            LocalDate day = LocalDate.parse(n.get("eventTime").asText().substring(0, 10));
            if (n.get("exportCountry").asText().equals(export)
                    && n.get("importCountry").asText().equals(importer)
                    && n.get("hsCode").asText().startsWith(hsPrefix)
                    && !day.isBefore(from)
                    && day.isBefore(to)) {
                kg += n.get("netWeightKg").asDouble();
            }
        }
        return kg / 1000;
    }

    @Test
    void theSameSeedGivesTheSameLinesAndAnotherSeedOthers() {
        Set<Scenario> all = EnumSet.allOf(Scenario.class);
        List<String> first = new ScenarioSimulator(42, FROM, TO, TURN, all).shipments();
        assertThat(new ScenarioSimulator(42, FROM, TO, TURN, all).shipments()).isEqualTo(first);
        assertThat(new ScenarioSimulator(43, FROM, TO, TURN, all).shipments()).isNotEqualTo(first);
        assertThat(first).hasSizeGreaterThan(3_000);
    }

    @Test
    void theAntimonyDiversionStopsTheDirectFlowAndFillsTheHubs() throws Exception {
        List<String> lines =
                new ScenarioSimulator(7, FROM, TO, TURN, EnumSet.of(Scenario.ANTIMONY_DIVERSION))
                        .shipments();
        LocalDate before = TURN.minusMonths(6);
        LocalDate after = TURN.plusMonths(6);
        assertThat(tonnes(lines, "CN", "US", "2825", TURN, TO)).isZero();
        assertThat(tonnes(lines, "CN", "US", "2825", before, TURN)).isGreaterThan(200);
        assertThat(tonnes(lines, "CN", "TH", "2825", TURN, after))
                .isGreaterThan(3 * tonnes(lines, "CN", "TH", "2825", before, TURN));
        assertThat(tonnes(lines, "TH", "US", "2825", TURN, after))
                .isGreaterThan(3 * tonnes(lines, "TH", "US", "2825", before, TURN));
        assertThat(lines)
                .anyMatch(l -> l.contains("\"exporterName\":\"SIAM ANTIMONY TRADING CO LTD\""))
                .anyMatch(l -> l.contains("\"consigneeName\":\"Siam Antimony Trading Co., Ltd.\""));
    }

    @Test
    void germaniumFallsEverywhereAndMagnetsJumpAfterANearZeroMonth() throws Exception {
        List<String> lines =
                new ScenarioSimulator(
                                7,
                                FROM,
                                TO,
                                TURN,
                                EnumSet.of(
                                        Scenario.GERMANIUM_COLLAPSE, Scenario.MAGNET_BASE_EFFECT))
                        .shipments();
        for (String destination : List.of("US", "DE", "JP", "BE")) {
            double before = tonnes(lines, "CN", destination, "8112", TURN.minusMonths(6), TURN);
            double after = tonnes(lines, "CN", destination, "8112", TURN, TURN.plusMonths(6));
            assertThat(after).as(destination).isLessThan(0.15 * before);
        }
        double pause = tonnes(lines, "CN", "US", "8505", TURN.minusMonths(1), TURN);
        double jump = tonnes(lines, "CN", "US", "8505", TURN, TURN.plusMonths(1));
        double usual = tonnes(lines, "CN", "US", "8505", TURN.minusMonths(4), TURN.minusMonths(3));
        assertThat(pause).isLessThan(0.2 * usual);
        assertThat(jump).isGreaterThan(3 * usual);
    }

    /** The median declared USD per kg of an exporter's declarations of an HS code in [from, to). */
    private static double medianUsdPerKg(
            List<String> lines, String exporterId, String hsCode, LocalDate from, LocalDate to)
            throws Exception {
        List<Double> prices = new java.util.ArrayList<>();
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            LocalDate day = LocalDate.parse(n.get("eventTime").asText().substring(0, 10));
            if (n.get("exporterId").asText().equals(exporterId)
                    && n.get("hsCode").asText().equals(hsCode)
                    && !day.isBefore(from)
                    && day.isBefore(to)) {
                prices.add(n.get("valueUsd").asDouble() / n.get("netWeightKg").asDouble());
            }
        }
        assertThat(prices).as(exporterId + " " + hsCode + " " + from).hasSizeGreaterThan(5);
        java.util.Collections.sort(prices);
        return prices.get(prices.size() / 2);
    }

    @Test
    void declaredValuesFollowTheMarketAndTellTheAntimonyStory() throws Exception {
        List<String> lines =
                new ScenarioSimulator(7, FROM, TO, TURN, EnumSet.of(Scenario.ANTIMONY_DIVERSION))
                        .shipments();
        LocalDate jan = LocalDate.of(2024, 1, 1);
        LocalDate feb = LocalDate.of(2024, 2, 1);
        LocalDate year2025 = LocalDate.of(2025, 1, 1);
        // antimony oxide at about 12 USD/kg in January 2024, tripled by 2025 (prices.csv)
        assertThat(medianUsdPerKg(lines, "CN-EXP-0001", "28258000", jan, feb.plusMonths(1)))
                .isBetween(11.0, 14.0);
        assertThat(medianUsdPerKg(lines, "CN-EXP-0001", "28258000", year2025, TO))
                .isBetween(33.0, 39.0);
        // the watch code's own trade at its own price, all along
        assertThat(medianUsdPerKg(lines, "CN-EXP-0006", "28259000", jan, TO)).isBetween(1.8, 2.2);
        // from the turning point, antimony oxide declared as other oxides, at antimony's price
        assertThat(tonnes(lines, "CN", "TH", "28259", FROM, TURN)).isZero();
        assertThat(medianUsdPerKg(lines, "CN-EXP-0005", "28259000", year2025, TO))
                .isBetween(33.0, 39.0);
        assertThat(lines)
                .filteredOn(l -> l.contains("\"exporterId\":\"CN-EXP-0005\""))
                .noneMatch(l -> l.contains("licenseId"));
        // and a trader declaring 30% of the value from the turning point
        assertThat(medianUsdPerKg(lines, "CN-EXP-0007", "28258000", jan, TURN.minusMonths(6)))
                .isBetween(11.0, 20.0);
        assertThat(medianUsdPerKg(lines, "CN-EXP-0007", "28258000", year2025, TO))
                .isBetween(0.3 * 33, 0.3 * 39);
    }
}

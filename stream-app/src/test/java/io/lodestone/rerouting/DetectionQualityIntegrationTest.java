package io.lodestone.rerouting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Shipment;
import io.lodestone.declarations.EventKind;
import io.lodestone.reference.ReferenceData;
import io.lodestone.simulator.DetectionGrid;
import io.lodestone.simulator.Scenario;
import io.lodestone.simulator.ScenarioSimulator;
import io.lodestone.testing.AlertsFixture;
import io.lodestone.testing.AlertsFixture.Detector;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall, hub naming, time to detect and false alerts of the rerouting detectors over a grid of
 * real-shaped flows (method and latest table: docs/detection-quality.md): direct flows of 1 to 32
 * declarations a month at each commodity's real declaration size, diverted 30%, 60% or 100% through
 * one or two hubs, onward legs lagging 0 to 2 months, hub exports declaring the true or the hub's
 * origin, step and ramp; controls (a collapse no hub takes up, hub growth beside a steady direct
 * flow, a seasonal direct flow) and benign routes, sparse ones with silent months and heavy-tailed
 * weights among them. Eighteen months through the production topology one record at a time; the
 * figures are printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectionQualityIntegrationTest {

    private static final LocalDate FROM = LocalDate.of(2024, 1, 1);
    private static final LocalDate TO =
            LocalDate.of(2025, 7, 15); // June 2025 is the last month judged
    private static final LocalDate TURNING_POINT = LocalDate.of(2024, 12, 3);
    private static final YearMonth CHANGE = YearMonth.from(TURNING_POINT);
    private static final int REPLICATES = 4;
    private static final double YEARS = 1.5;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Of the 144 diversions of ≥ 2 declarations a month and ≥ 60% of the direct flow. */
    private static final int STRONG_FOUND_FLOOR = 142;

    private static final int STRONG_WITHIN_3_FLOOR = 114;

    /** Within 3 closed months of the onward leg's change (the change plus its lag). */
    private static final int STRONG_WITHIN_3_OF_ONWARD_FLOOR = 133;

    /** Of the 18 density × share cells, those where the detector finds ≥ 90% of the oracle's. */
    private static final int CELLS_AT_90_PERCENT_OF_ORACLE_FLOOR = 14;

    private static final YearMonth LAST_JUDGED = YearMonth.of(2025, 6);

    /** Of the 240 diversions of ≥ 1 declaration a month. */
    private static final int AT_LEAST_ONE_FOUND_FLOOR = 202;

    /** Of the hubs that carried ≥ 30% of a found diversion. */
    private static final int HUBS_NAMED_FLOOR = 291;

    @TempDir static Path tmp;

    private DetectionGrid grid;
    private RerouteOracle oracle;
    private Map<String, Alert> alerts; // the newest record of each alert id
    private final Map<String, Alert> reroutingByPair =
            new TreeMap<>(); // pair → its earliest episode
    private final Map<String, DetectionGrid.Diversion> injected = new LinkedHashMap<>();

    @BeforeAll
    void runTheGrid() throws Exception {
        grid = new DetectionGrid(7, TURNING_POINT, REPLICATES);
        Path controlList = tmp.resolve("control-list.json");
        grid.writeControlList(controlList);
        List<String> lines =
                new ScenarioSimulator(
                                11,
                                FROM,
                                TO,
                                TURNING_POINT,
                                EnumSet.of(Scenario.BENIGN_SEASONAL),
                                grid)
                        .shipments();
        oracle =
                new RerouteOracle(
                        lines,
                        ReferenceData.bundled().catalogue(),
                        YearMonth.from(FROM),
                        LAST_JUDGED);
        alerts = new LinkedHashMap<>();
        try (AlertsFixture topology =
                new AlertsFixture(
                        tmp.resolve("state"),
                        Map.of("control.list.file", controlList.toString()),
                        EnumSet.allOf(Detector.class))) {
            for (String line : lines) {
                topology.ship(
                        (Shipment) EventKind.SHIPMENTS.parse((ObjectNode) JSON.readTree(line)));
            }
            topology.alerts().forEach(a -> alerts.put(a.getAlertId(), a));
        }
        grid.diversions()
                .forEach(d -> injected.put(pair(d.commodity(), d.origin(), d.destination()), d));
        alerts.values().stream()
                .filter(a -> a.getType().equals("REROUTING_SUSPECTED"))
                .forEach(
                        a ->
                                reroutingByPair.merge(
                                        pair(
                                                a.getCommodity(),
                                                a.getOriginCountry(),
                                                a.getImportCountry()),
                                        a,
                                        (x, y) ->
                                                x.getDetails()
                                                                        .get("month")
                                                                        .compareTo(
                                                                                y.getDetails()
                                                                                        .get(
                                                                                                "month"))
                                                                <= 0
                                                        ? x
                                                        : y));
        System.out.printf(
                "detection quality: %,d shipments, %d diversions, %d controls, %d benign routes,"
                        + " %,d alerts%n",
                lines.size(),
                grid.diversions().size(),
                grid.controls().size(),
                grid.benignRoutes().size(),
                alerts.size());
    }

    private static String pair(String commodity, String origin, String destination) {
        return commodity + " " + origin + "→" + destination;
    }

    /**
     * The diversion's alert if it was found: its pair's episode from the turning point on, naming
     * only hubs it used.
     */
    private Alert found(DetectionGrid.Diversion d) {
        Alert a = reroutingByPair.get(pair(d.commodity(), d.origin(), d.destination()));
        return a != null
                        && !YearMonth.parse(a.getDetails().get("month")).isBefore(CHANGE)
                        && d.hubs().containsAll(a.getHubCountries())
                ? a
                : null;
    }

    private static String describe(DetectionGrid.Diversion d) {
        return d.cell()
                + " "
                + pair(d.commodity(), d.origin(), d.destination())
                + " via "
                + d.hubs()
                + " lag "
                + d.lagMonths()
                + " "
                + d.shape()
                + (d.maskedOrigin() ? " origin H" : " origin O");
    }

    /**
     * Closed months from the change to the first call (1 = called when the change month closed).
     */
    private static long monthsToDetect(Alert a) {
        return CHANGE.until(YearMonth.parse(a.getDetails().get("firstCalled")), ChronoUnit.MONTHS)
                + 1;
    }

    @Test
    void recallPerCellAndTimeToDetectAreAtLeastTodays() {
        printTable(
                "recall by direct density × diverted share (rows) and commodity (columns),"
                        + " found/injected",
                d -> d.directPerMonth() + "/month, " + Math.round(100 * d.share()) + "%",
                DetectionGrid.Diversion::commodity);
        printTable(
                "recall by onward-leg lag × hub origin × shape (rows) and hubs (columns)",
                d ->
                        "lag "
                                + d.lagMonths()
                                + ", "
                                + (d.maskedOrigin() ? "origin H" : "origin O")
                                + ", "
                                + d.shape(),
                d -> d.hubs().size() + (d.hubs().size() == 1 ? " hub" : " hubs"));
        Map<String, Map<Long, Integer>> toDetect = new TreeMap<>();
        for (DetectionGrid.Diversion d : injected.values()) {
            Alert a = found(d);
            if (a != null) {
                toDetect.computeIfAbsent(
                                "lag " + d.lagMonths() + ", " + d.shape(), k -> new TreeMap<>())
                        .merge(monthsToDetect(a), 1, Integer::sum);
            }
        }
        System.out.println(
                "time to detect (closed months after the change → diversions found), by onward-leg"
                        + " lag and shape:");
        toDetect.forEach((k, v) -> System.out.println("  " + k + ": " + v));

        int strong = 0;
        int strongFound = 0;
        int strongWithin3 = 0;
        int strongWithin3OfOnward = 0;
        int atLeastOne = 0;
        int atLeastOneFound = 0;
        List<String> missedStrong = new ArrayList<>();
        for (DetectionGrid.Diversion d : injected.values()) {
            Alert a = found(d);
            double divertedPerMonth = d.directPerMonth() * d.share();
            if (divertedPerMonth >= 1) {
                atLeastOne++;
                atLeastOneFound += a == null ? 0 : 1;
            }
            if (divertedPerMonth >= 2 && d.share() >= 0.6) {
                strong++;
                strongFound += a == null ? 0 : 1;
                strongWithin3 += a != null && monthsToDetect(a) <= 3 ? 1 : 0;
                strongWithin3OfOnward +=
                        a != null && monthsToDetect(a) - d.lagMonths() <= 3 ? 1 : 0;
                if (a == null || monthsToDetect(a) > 3) {
                    missedStrong.add(
                            describe(d)
                                    + (a == null
                                            ? ": not found"
                                            : ": found after " + monthsToDetect(a) + " months"));
                }
            }
        }
        System.out.printf(
                "diverted ≥ 2 a month and ≥ 60%%: %d/%d found (%.1f%%), %d within 3 closed months"
                        + " (%.1f%%; target 100%%)%n",
                strongFound,
                strong,
                100.0 * strongFound / strong,
                strongWithin3,
                100.0 * strongWithin3 / strong);
        System.out.printf(
                "  of them within 3 closed months of the onward leg's change (the change + its"
                        + " lag): %d (%.1f%%)%n",
                strongWithin3OfOnward, 100.0 * strongWithin3OfOnward / strong);
        missedStrong.forEach(m -> System.out.println("  late or missed: " + m));
        System.out.printf(
                "diverted ≥ 1 a month: %d/%d found (%.1f%%; target ≥ 90%%)%n",
                atLeastOneFound, atLeastOne, 100.0 * atLeastOneFound / atLeastOne);
        // Floors at today's measurement (the grid is seeded and judged one record at a time, so the
        // figures are exact): the targets (100% within 3 months, 90% of ≥ 1 a month) are
        // not met; docs/detection-quality.md says which cells fall short and why. A change that
        // loses a diversion fails here.
        assertThat(strongFound)
                .as("strong diversions found")
                .isGreaterThanOrEqualTo(STRONG_FOUND_FLOOR);
        assertThat(strongWithin3)
                .as("strong diversions found within 3 closed months")
                .isGreaterThanOrEqualTo(STRONG_WITHIN_3_FLOOR);
        assertThat(atLeastOneFound)
                .as("diversions of ≥ 1 declaration a month found")
                .isGreaterThanOrEqualTo(AT_LEAST_ONE_FOUND_FLOOR);
        assertThat(strongWithin3OfOnward)
                .as("strong diversions found within 3 closed months of the onward leg's change")
                .isGreaterThanOrEqualTo(STRONG_WITHIN_3_OF_ONWARD_FLOOR);
    }

    /**
     * The detector's recall per density × share cell against an oracle's that knows each
     * diversion's month, hubs and lag ({@link RerouteOracle}), at the oracle's level where it calls
     * none of the controls (the detector calls none). Issue target: per cell, at least 90% of the
     * oracle's.
     */
    @Test
    void recallPerCellAgainstAnOracleThatKnowsTheTruth() {
        double alpha = 1;
        String strictest = null;
        for (DetectionGrid.Control c : grid.controls()) {
            double p =
                    oracle.smallestP(
                            c.commodity(), c.origin(), c.destination(), c.hubs(), 0, CHANGE);
            if (p < alpha) {
                alpha = p;
                strictest = c.kind() + " " + pair(c.commodity(), c.origin(), c.destination());
            }
        }
        System.out.printf(
                "oracle: calls at p < %.3g, where it calls no control (the strictest: %s)%n",
                alpha, strictest);
        Map<String, int[]> cells = new LinkedHashMap<>();
        for (DetectionGrid.Diversion d : injected.values()) {
            double p =
                    oracle.smallestP(
                            d.commodity(),
                            d.origin(),
                            d.destination(),
                            d.hubs(),
                            d.lagMonths(),
                            CHANGE);
            int[] n =
                    cells.computeIfAbsent(
                            d.directPerMonth() + "/month, " + Math.round(100 * d.share()) + "%",
                            k -> new int[3]);
            n[0] += found(d) == null ? 0 : 1;
            n[1] += p < alpha ? 1 : 0;
            n[2]++;
        }
        System.out.println("| cell | detector | oracle | detector/oracle |");
        System.out.println("|---|---|---|---|");
        int atNinety = 0;
        for (Map.Entry<String, int[]> cell : cells.entrySet()) {
            int[] n = cell.getValue();
            boolean meets = n[0] >= 0.9 * n[1];
            atNinety += meets ? 1 : 0;
            System.out.printf(
                    "| %s | %d/%d | %d/%d | %s |%n",
                    cell.getKey(),
                    n[0],
                    n[2],
                    n[1],
                    n[2],
                    n[1] == 0 ? "–" : String.format("%.0f%%", 100.0 * n[0] / n[1]));
        }
        System.out.printf(
                "cells where the detector finds ≥ 90%% of the oracle's: %d of %d%n",
                atNinety, cells.size());
        assertThat(atNinety)
                .as("cells at ≥ 90% of the oracle's recall")
                .isGreaterThanOrEqualTo(CELLS_AT_90_PERCENT_OF_ORACLE_FLOOR);
    }

    @Test
    void hubsThatCarriedAThirdOfADiversionAreNamed() {
        long carried = 0;
        long named = 0;
        for (DetectionGrid.Diversion d : injected.values()) {
            Alert a = found(d);
            for (int h = 0; h < d.hubs().size(); h++) {
                if (a != null && d.hubShares().get(h) >= 0.3) {
                    carried++;
                    boolean isNamed = a.getHubCountries().contains(d.hubs().get(h));
                    named += isNamed ? 1 : 0;
                    if (!isNamed) {
                        System.out.printf(
                                "  hub not named: %s of %s (%.0f%% of it)%n",
                                d.hubs().get(h), describe(d), 100 * d.hubShares().get(h));
                    }
                }
            }
        }
        System.out.printf(
                "hubs named: %d/%d hubs that carried ≥ 30%% of a found diversion (%.1f%%; target ≥"
                        + " 95%%)%n",
                named, carried, 100.0 * named / carried);
        assertThat(named)
                .as("hubs named (floor at today's measurement; target 95%)")
                .isGreaterThanOrEqualTo(HUBS_NAMED_FLOOR);
    }

    @Test
    void nothingElseIsCalledRerouting() {
        List<String> falseCalls = new ArrayList<>();
        reroutingByPair.forEach(
                (pair, a) -> {
                    DetectionGrid.Diversion d = injected.get(pair);
                    if (d == null
                            || !d.hubs().containsAll(a.getHubCountries())
                            || YearMonth.parse(a.getDetails().get("month")).isBefore(CHANGE)) {
                        falseCalls.add(
                                pair
                                        + " via "
                                        + a.getHubCountries()
                                        + " from "
                                        + a.getDetails().get("month")
                                        + " "
                                        + a.getEvidence());
                    }
                });
        falseCalls.forEach(c -> System.out.println("  false rerouting call: " + c));
        assertThat(falseCalls)
                .as("rerouting alerts that are no injected diversion (controls included)")
                .isEmpty();
    }

    @Test
    void controlsAreNeverReroutingAndCollapsesWithoutHubsAreCollapses() {
        Set<String> controls = new HashSet<>();
        grid.controls()
                .forEach(c -> controls.add(pair(c.commodity(), c.origin(), c.destination())));
        assertThat(reroutingByPair.keySet())
                .as("controls called rerouting")
                .doesNotContainAnyElementsOf(controls);
        Map<Integer, int[]> collapses = new TreeMap<>();
        Map<Integer, List<Integer>> monthsToDetect = new TreeMap<>();
        for (DetectionGrid.Control c : grid.controls()) {
            if (c.kind() == DetectionGrid.ControlKind.COLLAPSE_WITHOUT_HUBS) {
                Alert collapse =
                        alerts.values().stream()
                                .filter(
                                        a ->
                                                a.getType().equals("VOLUME_COLLAPSE")
                                                        && a.getCommodity().equals(c.commodity())
                                                        && a.getExportCountry().equals(c.origin())
                                                        && a.getImportCountry()
                                                                .equals(c.destination()))
                                .findFirst()
                                .orElse(null);
                if (collapse == null) {
                    System.out.println(
                            "  collapse not reported: "
                                    + pair(c.commodity(), c.origin(), c.destination())
                                    + ", "
                                    + c.directPerMonth()
                                    + "/month");
                } else if (collapse.getEvidence().containsKey("monthsToDetect")) {
                    monthsToDetect
                            .computeIfAbsent(c.directPerMonth(), k -> new ArrayList<>())
                            .add(collapse.getEvidence().get("monthsToDetect").intValue());
                }
                int[] n = collapses.computeIfAbsent(c.directPerMonth(), k -> new int[2]);
                n[0] += collapse != null ? 1 : 0;
                n[1]++;
            }
        }
        collapses.forEach(
                (density, n) ->
                        System.out.printf(
                                "collapse without hubs, %d/month: %d/%d reported as"
                                        + " VOLUME_COLLAPSE, closed months to detect from the"
                                        + " date: %s%n",
                                density,
                                n[0],
                                n[1],
                                monthsToDetect.getOrDefault(density, List.of())));
        // one or two declarations a month that stop: called within 3 to 5 closed months
        monthsToDetect.forEach(
                (density, months) ->
                        assertThat(months)
                                .as("closed months to detect a collapse of " + density + " a month")
                                .allSatisfy(m -> assertThat(m).isLessThanOrEqualTo(5)));
        // the listed pairs' collapses are judged from their date (one planned test per pair)
        Map<Integer, Integer> sparseFloors = Map.of(1, 3, 2, 4);
        collapses.forEach(
                (density, n) ->
                        assertThat(n[0])
                                .as("collapses of " + density + " declarations a month reported")
                                .isGreaterThanOrEqualTo(sparseFloors.getOrDefault(density, n[1])));
    }

    @Test
    void benignRoutesRaiseAtMostOneAlertPerHundredRouteYears() {
        Set<String> benign = new HashSet<>();
        grid.benignRoutes()
                .forEach(r -> benign.add(pair(r.commodity(), r.origin(), r.destination())));
        for (String destination :
                new String[] {"JP", "KR", "DE", "NL", "BE", "FR", "IT", "ES", "IN", "GB"}) {
            benign.add(pair("graphite", "AU", destination));
            benign.add(pair("lithium", "CL", destination));
        }
        List<String> onBenign =
                alerts.values().stream()
                        .filter(
                                a ->
                                        benign.contains(
                                                pair(
                                                        a.getCommodity(),
                                                        a.getExportCountry(),
                                                        a.getImportCountry())))
                        .map(
                                a ->
                                        a.getType()
                                                + " "
                                                + pair(
                                                        a.getCommodity(),
                                                        a.getExportCountry(),
                                                        a.getImportCountry())
                                                + " "
                                                + a.getDetails().get("month")
                                                + " "
                                                + a.getEvidence())
                        .toList();
        long sparse =
                grid.benignRoutes().stream().filter(DetectionGrid.BenignRoute::sparse).count();
        double per100 = 100 * onBenign.size() / (benign.size() * YEARS);
        System.out.printf(
                "benign routes: %d alerts over %d routes (%d sparse) × %.1f years = %.2f per 100"
                        + " route-years%n",
                onBenign.size(), benign.size(), sparse, YEARS, per100);
        onBenign.forEach(a -> System.out.println("  false alert: " + a));
        assertThat(per100)
                .as("false alerts per 100 route-years on benign routes: " + onBenign)
                .isLessThanOrEqualTo(1.0);
    }

    /** Prints found/injected per row and column, as a Markdown table. */
    private void printTable(
            String title,
            Function<DetectionGrid.Diversion, String> row,
            Function<DetectionGrid.Diversion, String> column) {
        Map<String, Map<String, int[]>> cells = new LinkedHashMap<>();
        Set<String> columns = new TreeSet<>();
        for (DetectionGrid.Diversion d : injected.values()) {
            columns.add(column.apply(d));
            int[] n =
                    cells.computeIfAbsent(row.apply(d), r -> new TreeMap<>())
                            .computeIfAbsent(column.apply(d), c -> new int[2]);
            n[0] += found(d) == null ? 0 : 1;
            n[1]++;
        }
        System.out.println(title);
        System.out.println("| | " + String.join(" | ", columns) + " |");
        System.out.println("|---|" + "---|".repeat(columns.size()));
        cells.forEach(
                (r, byColumn) -> {
                    StringBuilder line = new StringBuilder("| " + r + " |");
                    for (String c : columns) {
                        int[] n = byColumn.getOrDefault(c, new int[2]);
                        line.append(' ').append(n[1] == 0 ? "" : n[0] + "/" + n[1]).append(" |");
                    }
                    System.out.println(line);
                });
    }
}

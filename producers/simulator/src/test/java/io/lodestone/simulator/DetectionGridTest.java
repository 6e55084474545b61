package io.lodestone.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lodestone.simulator.DetectionGrid.ControlKind;
import io.lodestone.simulator.DetectionGrid.Diversion;
import io.lodestone.simulator.DetectionGrid.Shape;
import io.lodestone.simulator.ScenarioSimulator.Flow;
import io.lodestone.simulator.ScenarioSimulator.WeightShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionGridTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate FROM = LocalDate.of(2024, 1, 1);
    private static final LocalDate TO = LocalDate.of(2026, 1, 1);
    private static final LocalDate TURN = LocalDate.of(2024, 12, 3);
    private static final int REPLICATES = 4;

    /**
     * The stream app's commodity catalogue (HS prefix, commodity), read rather than copied so the
     * two cannot drift apart.
     */
    private static final List<String[]> CATALOGUE;

    static {
        try {
            CATALOGUE =
                    Files.readAllLines(
                                    Path.of(
                                            "../../stream-app/src/main/resources/lodestone/commodities.csv"))
                            .stream()
                            .filter(
                                    l ->
                                            !l.startsWith("#")
                                                    && !l.startsWith("hsPrefix")
                                                    && !l.isBlank())
                            .map(l -> l.split(","))
                            .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One generated declaration, as much of it as the checks need. */
    private record Declaration(LocalDate day, String origin, double kg) {}

    private static DetectionGrid grid;
    private static ScenarioSimulator simulator;

    /**
     * By route: commodity (as the catalogue files the HS code) exporting country→importing country.
     */
    private static Map<String, Flow> flowOf;

    private static Map<String, List<Declaration>> declarationsOf;

    @BeforeAll
    static void generate() throws Exception {
        grid = new DetectionGrid(7, TURN, REPLICATES);
        simulator =
                new ScenarioSimulator(
                        11, FROM, TO, TURN, EnumSet.of(Scenario.BENIGN_SEASONAL), grid);
        flowOf =
                grid.flows().stream()
                        .collect(
                                Collectors.toMap(
                                        f ->
                                                route(
                                                        commodityOf(f.hsCode()),
                                                        f.export(),
                                                        f.importer()),
                                        Function.identity()));
        declarationsOf = new HashMap<>();
        for (String line : simulator.shipments()) {
            JsonNode n = JSON.readTree(line);
            String route =
                    route(
                            commodityOf(n.get("hsCode").asText()),
                            n.get("exportCountry").asText(),
                            n.get("importCountry").asText());
            LocalDate day = LocalDate.parse(n.get("eventTime").asText().substring(0, 10));
            declarationsOf
                    .computeIfAbsent(route, r -> new ArrayList<>())
                    .add(
                            new Declaration(
                                    day,
                                    n.get("originCountry").asText(),
                                    n.get("netWeightKg").asDouble()));
        }
    }

    private static String route(String commodity, String export, String importer) {
        return commodity + " " + export + "→" + importer;
    }

    /**
     * The commodity of an HS code by the longest prefix in the catalogue, as the stream app decides
     * it.
     */
    private static String commodityOf(String hsCode) {
        String best = null;
        int length = 0;
        for (String[] row : CATALOGUE) {
            if (hsCode.startsWith(row[0]) && row[0].length() > length) {
                best = row[1];
                length = row[0].length();
            }
        }
        return best == null ? "(not in the catalogue)" : best;
    }

    private static List<Declaration> declarations(
            String commodity, String export, String importer, LocalDate from, LocalDate to) {
        return declarationsOf.getOrDefault(route(commodity, export, importer), List.of()).stream()
                .filter(d -> !d.day().isBefore(from) && d.day().isBefore(to))
                .toList();
    }

    private static int count(
            Diversion d, String export, String importer, LocalDate from, LocalDate to) {
        return declarations(d.commodity(), export, importer, from, to).size();
    }

    private static List<Diversion> diversions(Predicate<Diversion> which) {
        return grid.diversions().stream().filter(which).toList();
    }

    @Test
    void theSameSeedGivesTheSameLinesAndAnotherSeedOthers() {
        LocalDate to = TURN.plusMonths(1);
        List<String> first =
                new ScenarioSimulator(
                                3,
                                TURN.minusMonths(1),
                                to,
                                TURN,
                                Set.of(),
                                new DetectionGrid(5, TURN, 2))
                        .shipments();
        assertThat(
                        new ScenarioSimulator(
                                        3,
                                        TURN.minusMonths(1),
                                        to,
                                        TURN,
                                        Set.of(),
                                        new DetectionGrid(5, TURN, 2))
                                .shipments())
                .isEqualTo(first);
        assertThat(new DetectionGrid(5, TURN, 2).diversions())
                .isEqualTo(new DetectionGrid(5, TURN, 2).diversions());
        assertThat(new DetectionGrid(6, TURN, 2).diversions())
                .isNotEqualTo(new DetectionGrid(5, TURN, 2).diversions());
        assertThat(first).hasSizeGreaterThan(10_000);
    }

    @Test
    void theGridHasEveryCellReplicatedAndTheControlsAndBenignRoutes() {
        assertThat(grid.diversions()).hasSize(4 * 6 * 3 * REPLICATES);
        Map<String, Long> perCell =
                grid.diversions().stream()
                        .collect(Collectors.groupingBy(Diversion::cell, Collectors.counting()));
        assertThat(perCell)
                .hasSize(4 * 6 * 3)
                .containsEntry("antimony|4/month|60%", (long) REPLICATES)
                .containsEntry("germanium|32/month|100%", (long) REPLICATES)
                .allSatisfy((cell, n) -> assertThat(n).isEqualTo(REPLICATES));
        assertThat(grid.controls()).hasSize(72);
        for (ControlKind kind : ControlKind.values()) {
            assertThat(grid.controls()).filteredOn(c -> c.kind() == kind).hasSize(24);
        }
        assertThat(grid.benignRoutes())
                .hasSize(240)
                .filteredOn(DetectionGrid.BenignRoute::sparse)
                .hasSize(120);
    }

    @Test
    void theControlListRestrictsEveryDivertedAndControlPairFromTheTurningPoint(@TempDir Path tmp)
            throws Exception {
        Path file = tmp.resolve("control-list.json");
        grid.writeControlList(file);
        JsonNode list = JSON.readTree(file.toFile());
        assertThat(list.get("licenceRequirements")).isEmpty();
        Set<String> restricted = new HashSet<>();
        list.get("restrictedPairs")
                .forEach(
                        p -> {
                            assertThat(p.get("since").asText()).isEqualTo(TURN.toString());
                            restricted.add(
                                    route(
                                            p.get("commodity").asText(),
                                            p.get("origin").asText(),
                                            p.get("destination").asText()));
                        });
        Set<String> expected = new HashSet<>();
        grid.diversions()
                .forEach(d -> expected.add(route(d.commodity(), d.origin(), d.destination())));
        grid.controls()
                .forEach(c -> expected.add(route(c.commodity(), c.origin(), c.destination())));
        assertThat(list.get("restrictedPairs")).hasSize(360);
        assertThat(restricted).isEqualTo(expected);
    }

    @Test
    void upToSixReplicatesFitTheCountriesAndTheSimulatorTurnsWithTheGrid() {
        assertThat(new DetectionGrid(1, TURN, 6).diversions()).hasSize(72 * 6);
        assertThatThrownBy(() -> new DetectionGrid(1, TURN, 7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hub countries");
        assertThatThrownBy(() -> new DetectionGrid(1, TURN, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> new ScenarioSimulator(1, FROM, TO, TURN.plusDays(1), Set.of(), grid))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void controlsCollapseOrGrowTheirHubsOrFollowTheSeasons() {
        Map<ControlKind, int[]> direct = new TreeMap<>();
        Map<ControlKind, int[]> hubLegs = new TreeMap<>();
        int[] seasonal = new int[3];
        for (DetectionGrid.Control c : grid.controls()) {
            List<Declaration> all =
                    declarations(c.commodity(), c.origin(), c.destination(), FROM, TO);
            // four months before the turning point (no February) against April to July 2025
            int[] d = direct.computeIfAbsent(c.kind(), k -> new int[2]);
            d[0] +=
                    declarations(
                                    c.commodity(),
                                    c.origin(),
                                    c.destination(),
                                    TURN.minusMonths(4),
                                    TURN)
                            .size();
            d[1] +=
                    declarations(
                                    c.commodity(),
                                    c.origin(),
                                    c.destination(),
                                    LocalDate.of(2025, 4, 1),
                                    LocalDate.of(2025, 8, 1))
                            .size();
            for (String hub : c.hubs()) {
                int[] h = hubLegs.computeIfAbsent(c.kind(), k -> new int[2]);
                for (String[] leg : new String[][] {{c.origin(), hub}, {hub, c.destination()}}) {
                    h[0] +=
                            declarations(c.commodity(), leg[0], leg[1], TURN.minusMonths(4), TURN)
                                    .size();
                    h[1] +=
                            declarations(
                                            c.commodity(),
                                            leg[0],
                                            leg[1],
                                            LocalDate.of(2025, 4, 1),
                                            LocalDate.of(2025, 8, 1))
                                    .size();
                }
            }
            if (c.kind() == ControlKind.SEASONAL) {
                // per calendar month of the two years: February, October-November, the rest
                for (Declaration x : all) {
                    int month = x.day().getMonthValue();
                    seasonal[month == 2 ? 0 : month >= 10 && month <= 11 ? 1 : 2]++;
                }
            }
        }
        assertThat((double) direct.get(ControlKind.COLLAPSE_WITHOUT_HUBS)[1])
                .isLessThan(0.1 * direct.get(ControlKind.COLLAPSE_WITHOUT_HUBS)[0]);
        assertThat((double) hubLegs.get(ControlKind.COLLAPSE_WITHOUT_HUBS)[1])
                .isCloseTo(
                        hubLegs.get(ControlKind.COLLAPSE_WITHOUT_HUBS)[0],
                        within(0.2 * hubLegs.get(ControlKind.COLLAPSE_WITHOUT_HUBS)[0]));
        assertThat((double) direct.get(ControlKind.HUBS_GROW_DIRECT_STEADY)[1])
                .isCloseTo(
                        direct.get(ControlKind.HUBS_GROW_DIRECT_STEADY)[0],
                        within(0.1 * direct.get(ControlKind.HUBS_GROW_DIRECT_STEADY)[0]));
        assertThat(hubLegs.get(ControlKind.HUBS_GROW_DIRECT_STEADY)[1])
                .isGreaterThan(2 * hubLegs.get(ControlKind.HUBS_GROW_DIRECT_STEADY)[0]);
        assertThat(hubLegs).doesNotContainKey(ControlKind.SEASONAL);
        // per month: February at 0.6 × 0.5 of the usual, October and November at 1.4 times
        double usual = seasonal[2] / 18.0;
        assertThat(seasonal[0] / 2.0 / usual).isCloseTo(0.3, within(0.06));
        assertThat(seasonal[1] / 4.0 / usual).isCloseTo(1.4, within(0.1));
    }

    @Test
    void everySubFactorLevelAppearsEquallyOftenInEachCommodityDensityAndShare() {
        List<Function<Diversion, Object>> cellFactors =
                List.of(Diversion::commodity, Diversion::directPerMonth, Diversion::share);
        Map<String, Function<Diversion, Object>> subFactors =
                Map.of(
                        "hubs",
                        d -> d.hubs().size(),
                        "lag",
                        Diversion::lagMonths,
                        "masked",
                        Diversion::maskedOrigin,
                        "shape",
                        Diversion::shape);
        Map<String, Set<Object>> levels =
                Map.of(
                        "hubs",
                        Set.of(1, 2),
                        "lag",
                        Set.of(0, 1, 2),
                        "masked",
                        Set.of(true, false),
                        "shape",
                        Set.of(Shape.STEP, Shape.RAMP));
        subFactors.forEach(
                (name, subFactor) -> {
                    for (Function<Diversion, Object> cellFactor : cellFactors) {
                        Map<Object, Map<Object, Long>> counts =
                                grid.diversions().stream()
                                        .collect(
                                                Collectors.groupingBy(
                                                        cellFactor,
                                                        Collectors.groupingBy(
                                                                subFactor, Collectors.counting())));
                        counts.forEach(
                                (cellLevel, perLevel) -> {
                                    assertThat(perLevel.keySet())
                                            .as("%s levels at %s", name, cellLevel)
                                            .isEqualTo(levels.get(name));
                                    assertThat(new HashSet<>(perLevel.values()))
                                            .as("%s counts at %s", name, cellLevel)
                                            .hasSize(1);
                                });
                    }
                });
        for (Diversion d : grid.diversions()) {
            assertThat(d.hubShares())
                    .hasSameSizeAs(d.hubs())
                    .allSatisfy(s -> assertThat(s).isGreaterThanOrEqualTo(0.3));
            assertThat(d.hubShares().stream().mapToDouble(Double::doubleValue).sum())
                    .isCloseTo(1, within(1e-9));
        }
    }

    @Test
    void everyRouteIsItsOwnAndEachHubServesOnePairOfItsCommodity() {
        Set<String> truth = new HashSet<>();
        Map<String, String> pairOfHub = new HashMap<>();
        Map<String, Set<String>> destinations = new HashMap<>();
        List<String[]> restricted = new ArrayList<>();
        grid.diversions()
                .forEach(
                        d ->
                                restricted.add(
                                        new String[] {
                                            d.commodity(),
                                            d.origin(),
                                            d.destination(),
                                            String.join(",", d.hubs())
                                        }));
        grid.controls()
                .forEach(
                        c ->
                                restricted.add(
                                        new String[] {
                                            c.commodity(),
                                            c.origin(),
                                            c.destination(),
                                            String.join(",", c.hubs())
                                        }));
        for (String[] pair : restricted) {
            String commodity = pair[0];
            assertThat(truth.add(route(commodity, pair[1], pair[2])))
                    .as("pair used twice")
                    .isTrue();
            destinations.computeIfAbsent(commodity, c -> new HashSet<>()).add(pair[2]);
            for (String hub : pair[3].isEmpty() ? new String[0] : pair[3].split(",")) {
                assertThat(pairOfHub.put(commodity + " " + hub, pair[1] + "→" + pair[2]))
                        .as("hub %s of %s serves two pairs", hub, commodity)
                        .isNull();
                assertThat(truth.add(route(commodity, pair[1], hub)))
                        .as("origin→hub leg shared")
                        .isTrue();
                assertThat(truth.add(route(commodity, hub, pair[2])))
                        .as("hub→destination leg shared")
                        .isTrue();
            }
        }
        pairOfHub
                .keySet()
                .forEach(
                        key ->
                                assertThat(destinations.get(key.split(" ")[0]))
                                        .doesNotContain(key.split(" ")[1]));
        grid.benignRoutes()
                .forEach(
                        b ->
                                assertThat(
                                                truth.add(
                                                        route(
                                                                b.commodity(),
                                                                b.origin(),
                                                                b.destination())))
                                        .as("a benign route is a restricted one")
                                        .isTrue());
        // every flow is one of these routes, under an HS code the catalogue files under the
        // intended commodity
        assertThat(flowOf).hasSize(grid.flows().size());
        assertThat(flowOf.keySet()).isEqualTo(truth);
        Set<String> iso = Set.of(Locale.getISOCountries());
        assertThat(grid.flows())
                .allSatisfy(f -> assertThat(iso).contains(f.origin(), f.export(), f.importer()));
        assertThat(grid.flows()).noneMatch(f -> f.export().equals("CN"));
    }

    @Test
    void aFourAMonthDirectFlowAveragesFourBeforeTheTurningPointAndWhatIsLeftAfterIt() {
        List<Diversion> four = diversions(d -> d.directPerMonth() == 4);
        double before =
                four.stream()
                                .mapToInt(
                                        d ->
                                                count(
                                                        d,
                                                        d.origin(),
                                                        d.destination(),
                                                        FROM,
                                                        LocalDate.of(2024, 12, 1)))
                                .sum()
                        / 11.0;
        assertThat(before / four.size()).isCloseTo(4, within(4 * 0.15));
        for (double share : new double[] {0.3, 0.6, 1.0}) {
            List<Diversion> cell = diversions(d -> d.directPerMonth() == 4 && d.share() == share);
            // from April 2025 every ramp has ended
            double after =
                    cell.stream()
                                    .mapToInt(
                                            d ->
                                                    count(
                                                            d,
                                                            d.origin(),
                                                            d.destination(),
                                                            LocalDate.of(2025, 4, 1),
                                                            TO))
                                    .sum()
                            / 9.0;
            assertThat(after / cell.size())
                    .as("share %s", share)
                    .isCloseTo((1 - share) * 4, within((1 - share) * 4 * 0.15));
        }
        // steady 4-a-month flows average 4 over the two years (the weekday and February patterns
        // accounted for)
        List<DetectionGrid.Control> steady =
                grid.controls().stream()
                        .filter(
                                c ->
                                        c.directPerMonth() == 4
                                                && c.kind() != ControlKind.COLLAPSE_WITHOUT_HUBS)
                        .toList();
        double perMonth =
                steady.stream()
                                .mapToInt(
                                        c ->
                                                declarations(
                                                                c.commodity(),
                                                                c.origin(),
                                                                c.destination(),
                                                                FROM,
                                                                TO)
                                                        .size())
                                .sum()
                        / 24.0
                        / steady.size();
        assertThat(perMonth).isCloseTo(4, within(0.4));
    }

    @Test
    void aLagOfTwoMonthsHoldsTheOnwardLegBackWhileTheLegIntoTheHubRises() {
        List<Diversion> lagged =
                diversions(
                        d ->
                                d.lagMonths() == 2
                                        && d.shape() == Shape.STEP
                                        && d.directPerMonth() >= 8);
        assertThat(lagged).isNotEmpty();
        int intoHubMonthOne = 0;
        int onwardBefore = 0;
        int onwardMonthOne = 0;
        int onwardMonthThree = 0;
        for (Diversion d : lagged) {
            for (String hub : d.hubs()) {
                intoHubMonthOne += count(d, d.origin(), hub, TURN, TURN.plusMonths(1));
                onwardBefore += count(d, hub, d.destination(), TURN.minusMonths(3), TURN);
                int monthOne = count(d, hub, d.destination(), TURN, TURN.plusMonths(1));
                onwardMonthOne += monthOne;
                onwardMonthThree +=
                        count(d, hub, d.destination(), TURN.plusMonths(2), TURN.plusMonths(3));
                if (flowOf.get(route(d.commodity(), hub, d.destination())).perDayBefore() == 0) {
                    assertThat(monthOne)
                            .as("a hub with no history ships nothing onward in the first month")
                            .isZero();
                }
            }
        }
        assertThat((double) onwardMonthOne)
                .as("no more than the hubs' usual month")
                .isLessThanOrEqualTo(1.5 * onwardBefore / 3 + 3);
        assertThat(intoHubMonthOne).isGreaterThan(3 * onwardMonthOne);
        assertThat(onwardMonthThree).isGreaterThan(3 * onwardMonthOne);
    }

    @Test
    void aMaskedHubDeclaresItselfTheOriginAndAnUnmaskedOneTheTrueOrigin() {
        int checked = 0;
        for (Diversion d : grid.diversions()) {
            for (String hub : d.hubs()) {
                for (Declaration declaration :
                        declarations(d.commodity(), hub, d.destination(), FROM, TO)) {
                    assertThat(declaration.origin()).isEqualTo(d.maskedOrigin() ? hub : d.origin());
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    @Test
    void heavyTailedWeightsHaveOneHeavyDeclarationInTenAndKeepTheirMean() {
        Map<WeightShape, List<Double>> factors = new TreeMap<>();
        declarationsOf.forEach(
                (route, declarations) -> {
                    Flow flow = flowOf.get(route);
                    if (flow != null) {
                        declarations.forEach(
                                d ->
                                        factors.computeIfAbsent(
                                                        flow.weights(), w -> new ArrayList<>())
                                                .add(d.kg() / (flow.tonnes() * 1000)));
                    }
                });
        List<Double> heavyTailed = factors.get(WeightShape.HEAVY_TAILED);
        assertThat(heavyTailed).hasSizeGreaterThan(10_000);
        assertThat(heavyTailed.stream().filter(f -> f > 2).count() / (double) heavyTailed.size())
                .isCloseTo(0.1, within(0.01));
        assertThat(heavyTailed.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                .isCloseTo(1, within(0.03));
        assertThat(factors.get(WeightShape.UNIFORM))
                .allSatisfy(f -> assertThat(f).isBetween(0.59, 1.41));
    }

    @Test
    void sparseBenignRoutesHaveSilentMonths() {
        // months with no declaration: silent ones (15%) plus those the low rate leaves empty by
        // chance
        int months = 0;
        int empty = 0;
        double emptyByChance = 0;
        for (DetectionGrid.BenignRoute route : grid.benignRoutes()) {
            if (!route.sparse()) {
                continue;
            }
            Flow flow = flowOf.get(route(route.commodity(), route.origin(), route.destination()));
            assertThat(flow.weights()).isEqualTo(WeightShape.HEAVY_TAILED);
            Set<YearMonth> active =
                    declarations(route.commodity(), route.origin(), route.destination(), FROM, TO)
                            .stream()
                            .map(d -> YearMonth.from(d.day()))
                            .collect(Collectors.toSet());
            for (YearMonth month = YearMonth.from(FROM);
                    month.isBefore(YearMonth.from(TO));
                    month = month.plusMonths(1)) {
                double none = 1;
                for (LocalDate day = month.atDay(1);
                        !day.isAfter(month.atEndOfMonth());
                        day = day.plusDays(1)) {
                    none *= 1 - simulator.rate(flow, day);
                }
                emptyByChance += none;
                months++;
                empty += active.contains(month) ? 0 : 1;
            }
        }
        double expected = 0.15 * months + 0.85 * emptyByChance;
        assertThat((double) empty)
                .isCloseTo(expected, within(0.1 * expected))
                .isGreaterThan(emptyByChance + 0.1 * months);
    }
}

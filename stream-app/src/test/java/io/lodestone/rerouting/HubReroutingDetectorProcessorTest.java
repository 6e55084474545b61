package io.lodestone.rerouting;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Alert;
import io.lodestone.reference.ReferenceData;
import io.lodestone.routechange.MonthReport;
import io.lodestone.state.JsonSerde;
import io.lodestone.statistics.MonthlySeries;
import io.lodestone.testing.ProcessorStores;
import io.lodestone.watermark.Watermarked;
import io.lodestone.watermark.WatermarkedSerde;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub judge as a processor (MockProcessorContext, its stores in memory): a restricted pair's
 * month waits in the legs store until every route judge's watermark is past its end plus the delay,
 * is judged then and leaves the store; the episode it opens is kept for the months after.
 */
class HubReroutingDetectorProcessorTest {

    private static final String PAIR = "antimony|CN|US";
    private static final HubReroutingSettings SETTINGS =
            new HubReroutingSettings(
                    0.8, 0.2, 1.5, 3e-4, 0.01, 0.05, Duration.ofDays(7), Duration.ofDays(3));
    private static final YearMonth JAN = YearMonth.of(2025, 1);
    private static final YearMonth APRIL = YearMonth.of(2025, 4);

    private final MockProcessorContext<String, Alert> context = new MockProcessorContext<>();
    private KeyValueStore<String, List<HubReroutingDetector.Leg>> legs;
    private KeyValueStore<String, HubReroutingJudge.Episode> episodes;
    private HubReroutingDetector judge;

    @BeforeEach
    void start() {
        legs =
                ProcessorStores.keyValue(
                        context,
                        HubReroutingDetector.STORE,
                        Serdes.String(),
                        JsonSerde.listOf(HubReroutingDetector.Leg.class));
        episodes =
                ProcessorStores.keyValue(
                        context,
                        HubReroutingDetector.EPISODES,
                        Serdes.String(),
                        JsonSerde.of(HubReroutingJudge.Episode.class));
        ProcessorStores.keyValue(
                context,
                HubReroutingDetector.PAIRS,
                Serdes.String(),
                JsonSerde.of(HubReroutingDetector.JudgedPair.class));
        ProcessorStores.keyValue(
                context, HubReroutingDetector.LATE, Serdes.String(), Serdes.String());
        ProcessorStores.keyValue(
                context,
                HubReroutingDetector.WATERMARKS,
                Serdes.Integer(),
                WatermarkedSerde.of(Serdes.Void()));
        judge = started(SETTINGS);
    }

    private HubReroutingDetector started(HubReroutingSettings settings) {
        HubReroutingDetector started =
                new HubReroutingDetector(settings, 2, ReferenceData.bundled());
        started.init(context);
        return started;
    }

    /** The alerts of the wall-clock round that judges again pairs with revised legs. */
    private List<Alert> revisionRound() {
        context.resetForwards();
        var scheduled = context.scheduledPunctuators();
        scheduled.get(scheduled.size() - 1).getPunctuator().punctuate(0);
        return context.forwarded().stream().<Alert>map(f -> f.record().value()).toList();
    }

    /** A route's April report as a leg: {@code counts} declarations of 5 t a month from January. */
    private static HubReroutingDetector.Leg leg(
            HubReroutingDetector.LegKind kind, String hub, String route, long... counts) {
        MonthlySeries series = MonthlySeries.empty(JAN);
        for (int i = 0; i < counts.length; i++) {
            series = series.with(JAN.plusMonths(i), counts[i], counts[i] * 5_000.0);
        }
        return new HubReroutingDetector.Leg(
                kind, hub, new MonthReport(route, APRIL.toString(), series, null));
    }

    private void process(HubReroutingDetector.Leg leg) {
        judge.process(new Record<>(PAIR, Watermarked.data(leg), 0));
    }

    private List<Alert> mark(int routeJudge, String time) {
        long at = Instant.parse(time).toEpochMilli();
        context.resetForwards();
        judge.process(
                new Record<>("~watermark", new Watermarked.Mark<>(routeJudge, at, false), at));
        return context.forwarded().stream().<Alert>map(f -> f.record().value()).toList();
    }

    @Test
    void aPairsMonthIsJudgedOnceEveryRouteJudgeIsPastItAndItsEpisodeIsKept() {
        // The direct leg as releases before 0.2 stored legs (one list per pair and month), the
        // others as each leg is stored now (one entry per route): judged together.
        legs.put(
                PAIR + "@2025-04",
                List.of(
                        leg(
                                HubReroutingDetector.LegKind.DIRECT,
                                null,
                                "antimony|CN|CN|US",
                                20,
                                20,
                                20,
                                0)));
        process(leg(HubReroutingDetector.LegKind.TO_HUB, "TH", "antimony|CN|CN|TH", 2, 2, 2, 16));
        process(leg(HubReroutingDetector.LegKind.FROM_HUB, "TH", "antimony|TH|TH|US", 2, 2, 2, 14));
        assertThat(legs.get(PAIR + "@2025-04@antimony|CN|CN|TH")).hasSize(1);
        assertThat(legs.approximateNumEntries()).isEqualTo(3);

        assertThat(mark(0, "2025-05-08T00:00:00Z")).as("the other route judge is behind").isEmpty();
        assertThat(mark(1, "2025-05-07T23:59:59Z"))
                .as("April plus the delay is not past")
                .isEmpty();
        assertThat(legs.approximateNumEntries()).isEqualTo(3);

        List<Alert> alerts = mark(1, "2025-05-08T00:00:00Z");
        assertThat(alerts)
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getAlertId())
                                    .isEqualTo("REROUTING_SUSPECTED:antimony|CN|US:2025-04");
                            assertThat(a.getHubCountries()).containsExactly("TH");
                        });
        assertThat(legs.approximateNumEntries()).as("judged months leave the store").isZero();
        assertThat(episodes.get(PAIR).changeMonth()).isEqualTo("2025-04");
        assertThat(mark(0, "2025-05-20T00:00:00Z")).isEmpty();
    }

    @Test
    void aRevisedLegOfAJudgedMonthRevisesTheEpisodeOrWithdrawsIt() {
        judge =
                started(
                        new HubReroutingSettings(
                                0.8,
                                0.2,
                                1.5,
                                3e-4,
                                0.01,
                                0.05,
                                Duration.ofDays(7),
                                Duration.ofDays(121)));
        process(leg(HubReroutingDetector.LegKind.DIRECT, null, "antimony|CN|CN|US", 20, 20, 20, 0));
        process(leg(HubReroutingDetector.LegKind.TO_HUB, "TH", "antimony|CN|CN|TH", 2, 2, 2, 16));
        process(leg(HubReroutingDetector.LegKind.FROM_HUB, "TH", "antimony|TH|TH|US", 2, 2, 2, 14));
        mark(0, "2025-05-08T00:00:00Z");
        assertThat(mark(1, "2025-05-08T00:00:00Z"))
                .extracting(a -> a.getDetails().get("revision"))
                .containsExactly("1");
        assertThat(legs.approximateNumEntries())
                .as("April is not final: its legs are kept for judging it again")
                .isEqualTo(3);

        // late shipments out of Thailand in January to March: no rise out of the hub after all
        context.resetForwards();
        process(
                leg(
                        HubReroutingDetector.LegKind.FROM_HUB,
                        "TH",
                        "antimony|TH|TH|US",
                        14,
                        14,
                        14,
                        14));
        assertThat(context.forwarded()).isEmpty();
        assertThat(revisionRound())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getAlertId())
                                    .isEqualTo("REROUTING_SUSPECTED:antimony|CN|US:2025-04");
                            assertThat(a.getDetails())
                                    .containsEntry("revision", "2")
                                    .containsEntry("status", "WITHDRAWN");
                            assertThat(a.getSummary()).startsWith("Withdrawn: ");
                        });
        assertThat(revisionRound()).as("nothing late since").isEmpty();

        // a report as the first (the newest report of a route month is the one judged): the
        // finding again, as the next revision
        process(leg(HubReroutingDetector.LegKind.FROM_HUB, "TH", "antimony|TH|TH|US", 2, 2, 2, 14));
        assertThat(revisionRound())
                .singleElement()
                .satisfies(
                        a ->
                                assertThat(a.getDetails())
                                        .containsEntry("revision", "3")
                                        .doesNotContainKey("status"));
    }

    /** A route's month report: {@code counts} declarations of 5 t a month from January 2024. */
    private static HubReroutingDetector.Leg legFrom2024(
            HubReroutingDetector.LegKind kind, String hub, String route, long... counts) {
        YearMonth first = YearMonth.of(2024, 1);
        MonthlySeries series = MonthlySeries.empty(first);
        for (int i = 0; i < counts.length; i++) {
            series = series.with(first.plusMonths(i), counts[i], counts[i] * 5_000.0);
        }
        return new HubReroutingDetector.Leg(
                kind,
                hub,
                new MonthReport(
                        route, first.plusMonths(counts.length - 1).toString(), series, null));
    }

    /**
     * CN→US antimony oxide, 4 declarations a month of 5 t through November 2024, none from the ban
     * (2024-12-03); other oxides (282590, its watch code) CN→US from nothing to 4 a month from
     * December. February 2025's reports.
     */
    private void antimonyOxideDeclaredAsOtherOxidesFromTheBan() {
        process(
                legFrom2024(
                        HubReroutingDetector.LegKind.DIRECT,
                        null,
                        "antimony|CN|CN|US",
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        0,
                        0,
                        0));
        process(
                legFrom2024(
                        HubReroutingDetector.LegKind.WATCH,
                        "US",
                        "watch:282590|CN|CN|US",
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        4,
                        4,
                        4));
    }

    @Test
    void aWatchCodeTakingUpTheControlledFlowFromTheControlsDateIsASubstitution() {
        antimonyOxideDeclaredAsOtherOxidesFromTheBan();
        mark(0, "2025-03-08T00:00:00Z");
        List<Alert> alerts = mark(1, "2025-03-08T00:00:00Z");

        assertThat(alerts)
                .extracting(a -> a.getAlertId().toString())
                .containsExactly(
                        "VOLUME_COLLAPSE:antimony|CN|CN|US:2024-12:listed",
                        "HS_SUBSTITUTION_SUSPECTED:antimony|CN|US|282590:2024-12");
        Alert substitution = alerts.get(1);
        assertThat(substitution.getType()).isEqualTo("HS_SUBSTITUTION_SUSPECTED");
        assertThat(substitution.getExporterId()).as("a route's flow, no exporter").isNull();
        assertThat(substitution.getImportCountry()).isEqualTo("US");
        assertThat(substitution.getNetWeightKg()).isEqualTo(60_000.0);
        assertThat(substitution.getEvidence())
                .containsEntry("controlledBeforeKg", 20_000.0)
                .containsEntry("controlledAfterKg", 0.0)
                .containsEntry("controlledBeforeShipments", 4.0)
                .containsEntry("controlledAfterShipments", 0.0)
                .containsEntry("watchBeforeKg", 0.0)
                .containsEntry("watchAfterKg", 20_000.0)
                .containsEntry("watchAfterShipments", 4.0)
                .containsEntry("substitutedKg", 60_000.0)
                .containsEntry("baselineMonths", 11.0)
                .containsEntry("pooledMonths", 3.0)
                .containsEntry("monthsToDetect", 3.0);
        assertThat(substitution.getDetails())
                .containsEntry("hsCode", "282590")
                .containsEntry("month", "2024-12")
                .containsEntry("method", "event study from the control list's date 2024-12-03")
                .containsEntry("revision", "1");
        assertThat(substitution.getSummary())
                .isEqualTo(
                        "antimony CN→US in 2024-12..2025-02: declared as 282590, 20.0 t a month"
                                + " (4.0 declarations) where the 11 months before saw 0.0 t (0.0),"
                                + " while antimony itself fell from 20.0 t (4.0) to 0.0 t (0.0):"
                                + " about 60.0 t declared under the other code.");
    }

    @Test
    void aWatchCodesRevisedMonthWithdrawsTheSubstitution() {
        judge =
                started(
                        new HubReroutingSettings(
                                0.8,
                                0.2,
                                1.5,
                                3e-4,
                                0.01,
                                0.05,
                                Duration.ofDays(7),
                                Duration.ofDays(121)));
        antimonyOxideDeclaredAsOtherOxidesFromTheBan();
        mark(0, "2025-03-08T00:00:00Z");
        assertThat(mark(1, "2025-03-08T00:00:00Z"))
                .extracting(a -> a.getAlertId().toString())
                .contains("HS_SUBSTITUTION_SUSPECTED:antimony|CN|US|282590:2024-12");

        // late declarations of other oxides: the code had its own trade of 4 a month all along
        process(
                legFrom2024(
                        HubReroutingDetector.LegKind.WATCH,
                        "US",
                        "watch:282590|CN|CN|US",
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4,
                        4));
        assertThat(revisionRound())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getAlertId())
                                    .isEqualTo(
                                            "HS_SUBSTITUTION_SUSPECTED:antimony|CN|US|282590:2024-12");
                            assertThat(a.getDetails())
                                    .containsEntry("revision", "2")
                                    .containsEntry("status", "WITHDRAWN");
                            assertThat(a.getSummary()).startsWith("Withdrawn: ");
                        });
        assertThat(revisionRound()).as("nothing late since").isEmpty();
    }

    @Test
    void aPairJudgedByAnEarlierReleaseReadsWithNoSubstitutions() {
        HubReroutingDetector.JudgedPair earlier =
                JsonSerde.of(HubReroutingDetector.JudgedPair.class)
                        .deserializer()
                        .deserialize(
                                "rerouting-pairs",
                                "{\"through\":\"2025-01\",\"alerted\":[]}"
                                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(earlier.throughMonth()).isEqualTo(JAN);
        assertThat(earlier.substitutionEpisodes()).isEmpty();
        assertThat(earlier.substitutions()).isEmpty();
    }
}

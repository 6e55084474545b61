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
}

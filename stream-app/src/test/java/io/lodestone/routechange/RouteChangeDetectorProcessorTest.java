package io.lodestone.routechange;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.reference.ReferenceData;
import io.lodestone.revision.Alerted;
import io.lodestone.revision.LateMonths;
import io.lodestone.routes.RouteDayKey;
import io.lodestone.routes.RouteTotals;
import io.lodestone.routes.RouteVolumeAggregator;
import io.lodestone.state.JsonSerde;
import io.lodestone.statistics.MonthlySeries;
import io.lodestone.testing.ProcessorStores;
import io.lodestone.watermark.Watermarked;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monthly route judge as a processor (MockProcessorContext, its stores in memory): a month is
 * judged once the watermark is its end plus the delay past it, every route of the task is reported
 * (a silent one too), and the last judged month is kept, so a restart judges nothing twice. A
 * shipment counted late, in a month already judged but not yet final, has the route judged again at
 * once: its alerts revised, withdrawn or made, the months from the late one reported again.
 */
class RouteChangeDetectorProcessorTest {

    private static final String ANTIMONY = "antimony|CN|CN|TH";
    private static final String GRAPHITE = "graphite|AU|AU|JP";

    /** A month is final 3 days after its end: nothing is revised in these tests. */
    private static final RouteChangeSettings SETTINGS =
            new RouteChangeSettings(3.0, 0.2, 3e-4, Duration.ofDays(7), Duration.ofDays(3));

    /** window.grace P120D: a month may be revised until 121 days after its end. */
    private static final RouteChangeSettings REVISING =
            new RouteChangeSettings(3.0, 0.2, 3e-4, Duration.ofDays(7), Duration.ofDays(121));

    private final MockProcessorContext<String, Watermarked<MonthReport>> context =
            new MockProcessorContext<>();
    private TimestampedKeyValueStore<String, RouteTotals> routeDays;
    private KeyValueStore<String, RouteHistory> histories;
    private KeyValueStore<String, String> judged;

    @BeforeEach
    void stores() {
        routeDays =
                ProcessorStores.timestamped(
                        context, RouteVolumeAggregator.STORE, Serdes.String(), RouteTotals.serde());
        judged =
                ProcessorStores.keyValue(
                        context,
                        RouteChangeDetector.JUDGED_STORE,
                        Serdes.String(),
                        Serdes.String());
        ProcessorStores.keyValue(
                context, RouteChangeDetector.LATE_STORE, Serdes.String(), Serdes.String());
        histories =
                ProcessorStores.keyValue(
                        context,
                        RouteChangeDetector.HISTORY_STORE,
                        Serdes.String(),
                        JsonSerde.of(RouteHistory.class));
    }

    private void day(String route, String day, long shipments, double kg) {
        routeDays.put(
                new RouteDayKey(route, LocalDate.parse(day)).encoded(),
                ValueAndTimestamp.make(new RouteTotals(kg, 0, shipments), 0));
    }

    private RouteChangeDetector started() {
        return started(SETTINGS);
    }

    private RouteChangeDetector started(RouteChangeSettings settings) {
        RouteChangeDetector judge = new RouteChangeDetector(settings, ReferenceData.bundled());
        judge.init(context);
        return judge;
    }

    /**
     * Four 20 t declarations a month on {@code route}, each month from {@code from} to {@code to}.
     */
    private void steady(String route, YearMonth from, YearMonth to) {
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            day(route, m.atDay(10).toString(), 4, 80_000);
        }
    }

    /**
     * {@code shipments} more of {@code kg} counted on the day, and the judge told of them (as the
     * aggregator passes a counted record on); what it reports, as {@link #reported}.
     */
    private List<String> late(
            RouteChangeDetector judge, String route, String day, long shipments, double kg) {
        String key = new RouteDayKey(route, LocalDate.parse(day)).encoded();
        ValueAndTimestamp<RouteTotals> before = routeDays.get(key);
        RouteTotals added = new RouteTotals(kg, 0, shipments);
        routeDays.put(
                key,
                ValueAndTimestamp.make(before == null ? added : before.value().plus(added), 0));
        context.resetForwards();
        judge.process(new Record<>(key, Watermarked.data(added), 0));
        assertThat(context.forwarded()).as("judged again on the next revision round").isEmpty();
        revisionRound();
        return reported();
    }

    /** What the wall-clock punctuation does every {@link LateMonths#JUDGE_AGAIN_EVERY}. */
    private void revisionRound() {
        var scheduled = context.scheduledPunctuators();
        scheduled.get(scheduled.size() - 1).getPunctuator().punctuate(0);
    }

    /**
     * The reports forwarded since the last reset, as "route month", each followed by the alerts it
     * carries, as " TYPE changeMonth rN" (and " WITHDRAWN").
     */
    private List<String> reported() {
        List<String> lines = new java.util.ArrayList<>();
        for (var f : context.forwarded()) {
            if (f.record().value() instanceof Watermarked.Data<MonthReport> data) {
                MonthReport report = data.value();
                lines.add(report.route() + " " + report.month());
                for (Alerted<RouteChange> a : report.alerts()) {
                    lines.add(
                            "  "
                                    + a.finding().type()
                                    + " "
                                    + a.finding().changeMonth()
                                    + " r"
                                    + a.revision()
                                    + (a.withdrawn() ? " WITHDRAWN" : ""));
                }
            } else {
                lines.add("mark " + Instant.ofEpochMilli(f.record().timestamp()));
            }
        }
        return lines;
    }

    /** The month reports and marks a mark at {@code time} makes, as {@link #reported}. */
    private List<String> mark(RouteChangeDetector judge, String time) {
        long at = Instant.parse(time).toEpochMilli();
        context.resetForwards();
        judge.process(new Record<>("~watermark", new Watermarked.Mark<>(0, at, false), at));
        return reported();
    }

    @Test
    void aMonthIsJudgedOnceItsEndPlusTheDelayIsPastAndEveryRouteIsReported() {
        day(ANTIMONY, "2025-01-10", 2, 40_000);
        day(ANTIMONY, "2025-02-11", 1, 20_000);
        day(GRAPHITE, "2025-01-20", 1, 5_000);
        RouteChangeDetector judge = started();

        assertThat(mark(judge, "2025-02-07T23:00:00Z"))
                .as("January closed, but not yet its delay")
                .containsExactly("mark 2025-02-07T23:00:00Z");
        assertThat(mark(judge, "2025-02-08T00:00:00Z"))
                .containsExactly(
                        ANTIMONY + " 2025-01", GRAPHITE + " 2025-01", "mark 2025-02-08T00:00:00Z");
        assertThat(mark(judge, "2025-03-08T00:00:00Z"))
                .as("graphite was silent in February: reported all the same")
                .containsExactly(
                        ANTIMONY + " 2025-02", GRAPHITE + " 2025-02", "mark 2025-03-08T00:00:00Z");

        MonthlySeries antimony = histories.get(ANTIMONY).months();
        assertThat(antimony.first()).isEqualTo(YearMonth.of(2025, 1));
        assertThat(antimony.count(YearMonth.of(2025, 1))).isEqualTo(2);
        assertThat(antimony.kg(YearMonth.of(2025, 2))).isEqualTo(20_000);
        assertThat(histories.get(GRAPHITE).months().count(YearMonth.of(2025, 2))).isZero();
    }

    @Test
    void aWatchCodeSeriesIsReportedButItsOwnSurgeIsNoAlert() {
        String watch = "watch:282590|CN|CN|TH";
        steady(ANTIMONY, YearMonth.of(2024, 1), YearMonth.of(2024, 12));
        steady(watch, YearMonth.of(2024, 1), YearMonth.of(2024, 12));
        day(ANTIMONY, "2025-01-10", 20, 400_000);
        day(watch, "2025-01-10", 20, 400_000);
        RouteChangeDetector judge = started();
        for (YearMonth m = YearMonth.of(2024, 2); !m.isAfter(YearMonth.of(2025, 1)); ) {
            mark(judge, m.atDay(8) + "T00:00:00Z");
            m = m.plusMonths(1);
        }

        assertThat(mark(judge, "2025-02-08T00:00:00Z"))
                .containsExactly(
                        ANTIMONY + " 2025-01",
                        "  VOLUME_SURGE 2025-01 r1",
                        watch + " 2025-01",
                        "mark 2025-02-08T00:00:00Z");
        assertThat(histories.get(watch).months().count(YearMonth.of(2025, 1))).isEqualTo(20);
    }

    @Test
    void aRestartedJudgeJudgesNoMonthTwice() {
        day(ANTIMONY, "2025-01-10", 2, 40_000);
        assertThat(mark(started(), "2025-02-08T00:00:00Z")).hasSize(2);

        RouteChangeDetector restarted = started(); // same stores, as after a restore
        assertThat(mark(restarted, "2025-02-20T00:00:00Z"))
                .containsExactly("mark 2025-02-20T00:00:00Z");
        assertThat(mark(restarted, "2025-03-08T00:00:00Z"))
                .containsExactly(ANTIMONY + " 2025-02", "mark 2025-03-08T00:00:00Z");
    }

    @Test
    void aLateShipmentInAJudgedMonthRevisesItsSurge() {
        steady(ANTIMONY, YearMonth.of(2024, 1), YearMonth.of(2024, 12));
        day(ANTIMONY, "2025-01-10", 20, 400_000);
        RouteChangeDetector judge = started(REVISING);
        assertThat(mark(judge, "2025-02-08T00:00:00Z"))
                .contains("  VOLUME_SURGE 2025-01 r1")
                .last()
                .isEqualTo("mark 2025-02-08T00:00:00Z");

        assertThat(late(judge, ANTIMONY, "2025-01-20", 5, 100_000))
                .as("January again: the same surge, with the late shipments in its evidence")
                .containsExactly(ANTIMONY + " 2025-01", "  VOLUME_SURGE 2025-01 r2");
        assertThat(late(judge, GRAPHITE, "2025-01-20", 1, 5_000))
                .as("a route judged for the first time by a late shipment")
                .containsExactly(GRAPHITE + " 2025-01");
        assertThat(late(judge, ANTIMONY, "2025-02-03", 1, 20_000))
                .as("February is not judged yet: nothing to revise")
                .isEmpty();
    }

    @Test
    void aLateShipmentThatUndoesAFindingWithdrawsItsAlertAndOneThatMovesItStartsAnother() {
        steady(ANTIMONY, YearMonth.of(2024, 1), YearMonth.of(2024, 9));
        steady(ANTIMONY, YearMonth.of(2024, 11), YearMonth.of(2024, 11));
        RouteChangeDetector judge = started(REVISING);
        for (String watermark : List.of("2024-10-08", "2024-11-08", "2024-12-08", "2025-01-08")) {
            mark(judge, watermark + "T00:00:00Z");
        }
        day(ANTIMONY, "2025-01-10", 20, 400_000);
        assertThat(mark(judge, "2025-02-08T00:00:00Z")).contains("  VOLUME_SURGE 2025-01 r1");

        // December comes late, surging too: the change began in December, not January
        assertThat(late(judge, ANTIMONY, "2024-12-05", 20, 400_000))
                .containsExactly(
                        ANTIMONY + " 2024-12",
                        ANTIMONY + " 2025-01",
                        "  VOLUME_SURGE 2024-12 r1",
                        "  VOLUME_SURGE 2025-01 r2 WITHDRAWN");
        assertThat(late(judge, ANTIMONY, "2024-12-05", 0, 0))
                .as("judged again with nothing new: nothing to send")
                .containsExactly(ANTIMONY + " 2024-12", ANTIMONY + " 2025-01");

        RouteHistory kept = histories.get(ANTIMONY);
        assertThat(kept.through()).as("final: 121 days after a month's end").isEqualTo("2024-09");
        assertThat(kept.alerted())
                .extracting(
                        a -> a.finding().changeMonth() + " r" + a.revision() + " " + a.withdrawn())
                .containsExactlyInAnyOrder("2024-12 r1 false", "2025-01 r2 true");

        RouteChangeDetector restarted = started(REVISING);
        assertThat(mark(restarted, "2025-06-08T00:00:00Z"))
                .as("after a restart, the months to May judged once; nothing re-sent")
                .filteredOn(line -> line.startsWith("  "))
                .isEmpty();
        assertThat(histories.get(ANTIMONY).through())
                .as("January is final by June 8 (+121 days is May 31 < June 8)")
                .isEqualTo("2025-01");
        assertThat(histories.get(ANTIMONY).alerted())
                .as("final findings are no longer kept for revision")
                .isEmpty();
    }

    @Test
    void aHistoryFromAReleaseWithoutRevisionsIsFinalUpToItsLastMonth() {
        steady(ANTIMONY, YearMonth.of(2025, 1), YearMonth.of(2025, 2));
        MonthlySeries january =
                MonthlySeries.empty(YearMonth.of(2025, 1)).with(YearMonth.of(2025, 1), 4, 80_000);
        // as an earlier release left them: no through, no finalThrough
        histories.put(ANTIMONY, new RouteHistory(january, null, null, null, null));
        judged.put("lastJudged", "2025-01");
        RouteChangeDetector judge = started(REVISING);

        assertThat(mark(judge, "2025-03-08T00:00:00Z"))
                .as("February judged, January not again")
                .containsExactly(ANTIMONY + " 2025-02", "mark 2025-03-08T00:00:00Z");
        RouteHistory kept = histories.get(ANTIMONY);
        assertThat(kept.through()).isEqualTo("2025-01");
        assertThat(kept.months().count(YearMonth.of(2025, 1))).isEqualTo(4);
        assertThat(late(judge, ANTIMONY, "2025-01-20", 1, 20_000))
                .as("January was final when the upgrade came: a late shipment of it is not judged")
                .isEmpty();
    }
}

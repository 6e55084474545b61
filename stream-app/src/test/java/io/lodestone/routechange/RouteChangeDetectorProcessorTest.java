package io.lodestone.routechange;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.reference.ReferenceData;
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
 * (a silent one too), and the last judged month is kept, so a restart judges nothing twice.
 */
class RouteChangeDetectorProcessorTest {

    private static final String ANTIMONY = "antimony|CN|CN|TH";
    private static final String GRAPHITE = "graphite|AU|AU|JP";
    private static final RouteChangeSettings SETTINGS =
            new RouteChangeSettings(3.0, 0.2, 3e-4, Duration.ofDays(7));

    private final MockProcessorContext<String, Watermarked<MonthReport>> context =
            new MockProcessorContext<>();
    private TimestampedKeyValueStore<String, RouteTotals> routeDays;
    private KeyValueStore<String, RouteHistory> histories;

    @BeforeEach
    void stores() {
        routeDays =
                ProcessorStores.timestamped(
                        context, RouteVolumeAggregator.STORE, Serdes.String(), RouteTotals.serde());
        ProcessorStores.keyValue(
                context, RouteChangeDetector.JUDGED_STORE, Serdes.String(), Serdes.String());
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
        RouteChangeDetector judge =
                new RouteChangeDetector(SETTINGS, ReferenceData.bundled().materiality());
        judge.init(context);
        return judge;
    }

    /** The month reports and marks a mark at {@code time} makes, as "route month" or "mark". */
    private List<String> mark(RouteChangeDetector judge, String time) {
        long at = Instant.parse(time).toEpochMilli();
        context.resetForwards();
        judge.process(new Record<>("~watermark", new Watermarked.Mark<>(0, at, false), at));
        return context.forwarded().stream()
                .map(
                        f ->
                                f.record().value() instanceof Watermarked.Data<MonthReport> data
                                        ? data.value().route() + " " + data.value().month()
                                        : "mark " + Instant.ofEpochMilli(f.record().timestamp()))
                .toList();
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
    void aRestartedJudgeJudgesNoMonthTwice() {
        day(ANTIMONY, "2025-01-10", 2, 40_000);
        assertThat(mark(started(), "2025-02-08T00:00:00Z")).hasSize(2);

        RouteChangeDetector restarted = started(); // same stores, as after a restore
        assertThat(mark(restarted, "2025-02-20T00:00:00Z"))
                .containsExactly("mark 2025-02-20T00:00:00Z");
        assertThat(mark(restarted, "2025-03-08T00:00:00Z"))
                .containsExactly(ANTIMONY + " 2025-02", "mark 2025-03-08T00:00:00Z");
    }
}

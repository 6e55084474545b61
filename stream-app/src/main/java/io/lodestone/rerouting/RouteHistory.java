package io.lodestone.rerouting;

import org.apache.kafka.common.serialization.Serde;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.TreeMap;

/**
 * One route's recent daily totals and the last month already judged. Internal state, JSON in the
 * store: a few months of days per route.
 */
record RouteHistory(TreeMap<LocalDate, Day> days, YearMonth lastJudged) {

    /** A day's net weight (kg) and number of shipments. */
    record Day(double kg, long shipments) {
    }

    static RouteHistory empty() {
        return new RouteHistory(new TreeMap<>(), null);
    }

    double monthKg(YearMonth month) {
        return month(month).values().stream().mapToDouble(Day::kg).sum();
    }

    long monthShipments(YearMonth month) {
        return month(month).values().stream().mapToLong(Day::shipments).sum();
    }

    private java.util.SortedMap<LocalDate, Day> month(YearMonth month) {
        return days.subMap(month.atDay(1), true, month.atEndOfMonth(), true);
    }

    static Serde<RouteHistory> serde() {
        return JsonSerde.of(RouteHistory.class);
    }
}

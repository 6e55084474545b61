package io.lodestone.rerouting;

import org.apache.kafka.common.serialization.Serde;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.TreeMap;

/**
 * One route's recent daily net weights (kg) and the last month already judged. Internal state, JSON in
 * the store: a few months of days per route.
 */
record RouteHistory(TreeMap<LocalDate, Double> dailyKg, YearMonth lastJudged) {

    static RouteHistory empty() {
        return new RouteHistory(new TreeMap<>(), null);
    }

    double monthKg(YearMonth month) {
        return dailyKg.subMap(month.atDay(1), true, month.atEndOfMonth(), true).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    static Serde<RouteHistory> serde() {
        return JsonSerde.of(RouteHistory.class);
    }
}

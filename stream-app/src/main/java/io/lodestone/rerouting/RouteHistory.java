package io.lodestone.rerouting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.TreeMap;

/**
 * One route's recent daily net weights (kg) and the last month already judged. Internal state, JSON in
 * the store: a few months of days per route.
 */
record RouteHistory(TreeMap<LocalDate, Double> dailyKg, YearMonth lastJudged) {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    static RouteHistory empty() {
        return new RouteHistory(new TreeMap<>(), null);
    }

    double monthKg(YearMonth month) {
        return dailyKg.subMap(month.atDay(1), true, month.atEndOfMonth(), true).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    static Serde<RouteHistory> serde() {
        return Serdes.serdeFrom(
                (topic, history) -> {
                    try {
                        return history == null ? null : JSON.writeValueAsBytes(history);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                (topic, bytes) -> {
                    try {
                        return bytes == null ? null : JSON.readValue(bytes, RouteHistory.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}

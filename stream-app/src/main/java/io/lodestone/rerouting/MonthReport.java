package io.lodestone.rerouting;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.YearMonth;

/**
 * One route's closed month: net weight in it, the mean of the three months before (0 where the route
 * had no data), the month just before, and how many months of history the route had.
 */
public record MonthReport(String route, String month, double observedKg, double baselineKg, double previousMonthKg, int historyMonths) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public YearMonth yearMonth() {
        return YearMonth.parse(month);
    }

    /** Internal topics only (the hub detector's repartition): JSON. */
    public static Serde<MonthReport> serde() {
        return Serdes.serdeFrom(
                (topic, report) -> {
                    try {
                        return report == null ? null : JSON.writeValueAsBytes(report);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                (topic, bytes) -> {
                    try {
                        return bytes == null ? null : JSON.readValue(bytes, MonthReport.class);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}

package io.lodestone.rerouting;

import java.time.YearMonth;

/**
 * One route's closed month: net weight and shipments in it, their means over the three months before
 * (0 where the route had no data), the month just before, and how many months of history the route had.
 */
public record MonthReport(String route, String month, double observedKg, double baselineKg, double previousMonthKg, int historyMonths,
                          long observedShipments, double baselineShipments) {

    public YearMonth yearMonth() {
        return YearMonth.parse(month);
    }
}

package io.lodestone.routechange;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.lodestone.statistics.MonthlySeries;
import java.time.YearMonth;

/**
 * One route's closed month: the route's monthly series up to and including it (at most {@link
 * MonthlySeries#KEPT_MONTHS} months), and the surge or collapse the route judge found in it, if
 * any.
 */
public record MonthReport(String route, String month, MonthlySeries series, RouteChange change) {

    @JsonIgnore
    public YearMonth yearMonth() {
        return YearMonth.parse(month);
    }
}

package io.lodestone.routechange;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.lodestone.alerts.AlertType;
import io.lodestone.statistics.PooledChange;
import java.time.YearMonth;

/**
 * A surge or collapse of one route: the month it started, the pooled evidence from then to the
 * month that completed it, and the month just before it (a surge right after a near-zero month is a
 * base effect).
 */
public record RouteChange(
        AlertType type,
        String changeMonth,
        String judgedMonth,
        PooledChange evidence,
        double previousMonthKg,
        boolean baseEffect) {

    @JsonIgnore
    public YearMonth start() {
        return YearMonth.parse(changeMonth);
    }

    @JsonIgnore
    public YearMonth end() {
        return YearMonth.parse(judgedMonth);
    }
}

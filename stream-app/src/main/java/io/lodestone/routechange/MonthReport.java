package io.lodestone.routechange;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.lodestone.revision.Alerted;
import io.lodestone.statistics.MonthlySeries;
import java.time.YearMonth;
import java.util.List;

/**
 * One route's judged month: the route's monthly series up to and including it (at most {@link
 * MonthlySeries#KEPT_MONTHS} months). A month judged again after a late shipment is reported again,
 * and the new report replaces the old. {@code alerts}: the surges and collapses whose alert this
 * judgement made, revised or withdrew (on the last month a judgement reports; empty on the others).
 */
public record MonthReport(
        String route, String month, MonthlySeries series, List<Alerted<RouteChange>> alerts) {

    public MonthReport {
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    @JsonIgnore
    public YearMonth yearMonth() {
        return YearMonth.parse(month);
    }

    /** The same report without its alerts: what the hub judge keeps of it. */
    public MonthReport withoutAlerts() {
        return alerts.isEmpty() ? this : new MonthReport(route, month, series, List.of());
    }
}

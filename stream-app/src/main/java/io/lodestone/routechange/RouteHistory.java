package io.lodestone.routechange;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.lodestone.statistics.MonthlySeries;
import java.time.YearMonth;

/**
 * What the route judge keeps per route: its monthly series (the last {@link
 * MonthlySeries#KEPT_MONTHS} months) and the change months of its last surge and of its last change
 * of either kind. A baseline never reaches back past them, so one change is one alert, not one a
 * month while the evidence grows.
 */
public record RouteHistory(MonthlySeries months, String lastSurge, String lastChange) {

    @JsonIgnore
    public YearMonth lastSurgeMonth() {
        return lastSurge == null ? null : YearMonth.parse(lastSurge);
    }

    @JsonIgnore
    public YearMonth lastChangeMonth() {
        return lastChange == null ? null : YearMonth.parse(lastChange);
    }

    RouteHistory withMonths(MonthlySeries next) {
        return new RouteHistory(next, lastSurge, lastChange);
    }

    RouteHistory changedAt(YearMonth changeMonth, boolean surge) {
        return new RouteHistory(
                months, surge ? changeMonth.toString() : lastSurge, changeMonth.toString());
    }
}

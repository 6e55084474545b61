package io.lodestone.routechange;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.lodestone.revision.Alerted;
import io.lodestone.statistics.MonthlySeries;
import java.time.YearMonth;
import java.util.List;

/**
 * What the route judge keeps per route. Its final part: the monthly series (the last {@link
 * MonthlySeries#KEPT_MONTHS} months) up to {@code through}, the last month no shipment can still
 * change (null: none of the route's months is final yet, and {@code months} is null too), and the
 * change months of its last surge and of its last change of either kind there, so a baseline never
 * reaches back past them and one change is one alert, not one a month while the evidence grows. And
 * {@code alerted}: the changes it has alerted on that were judged after {@code through}, which a
 * late shipment may still revise or withdraw. Months after {@code through} are judged again from
 * the route-day store whenever they are judged, so a late shipment changes them as if it had come
 * on time.
 */
public record RouteHistory(
        MonthlySeries months,
        String lastSurge,
        String lastChange,
        String through,
        List<Alerted<RouteChange>> alerted) {

    /** A route none of whose months is final and which has alerted on nothing. */
    static final RouteHistory NONE = new RouteHistory(null, null, null, null, List.of());

    public RouteHistory {
        alerted = alerted == null ? List.of() : List.copyOf(alerted);
    }

    @JsonIgnore
    public YearMonth lastSurgeMonth() {
        return lastSurge == null ? null : YearMonth.parse(lastSurge);
    }

    @JsonIgnore
    public YearMonth lastChangeMonth() {
        return lastChange == null ? null : YearMonth.parse(lastChange);
    }

    /** The last final month, or null when none is. */
    @JsonIgnore
    public YearMonth throughMonth() {
        return through == null ? null : YearMonth.parse(through);
    }

    RouteHistory withMonths(MonthlySeries next) {
        return new RouteHistory(next, lastSurge, lastChange, through, alerted);
    }

    /**
     * This history with {@code month}'s totals, keeping the last {@link MonthlySeries#KEPT_MONTHS}
     * months.
     */
    RouteHistory withMonth(YearMonth month, long count, double kg) {
        return withMonths(
                months.with(month, count, kg)
                        .window(month.minusMonths(MonthlySeries.KEPT_MONTHS - 1L), month));
    }

    RouteHistory changedAt(YearMonth changeMonth, boolean surge) {
        return new RouteHistory(
                months,
                surge ? changeMonth.toString() : lastSurge,
                changeMonth.toString(),
                through,
                alerted);
    }

    RouteHistory finalThrough(YearMonth month) {
        return new RouteHistory(months, lastSurge, lastChange, month.toString(), alerted);
    }

    RouteHistory withAlerted(List<Alerted<RouteChange>> next) {
        return new RouteHistory(months, lastSurge, lastChange, through, next);
    }
}

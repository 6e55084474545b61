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

    /**
     * Whether {@code other} is the same finding with the same evidence. Figures are compared to 9
     * significant digits: day totals summed in another arrival order differ in their last bits, and
     * that is no revision.
     */
    boolean sameFinding(RouteChange other) {
        PooledChange a = evidence;
        PooledChange b = other.evidence;
        return type == other.type
                && changeMonth.equals(other.changeMonth)
                && judgedMonth.equals(other.judgedMonth)
                && baseEffect == other.baseEffect
                && a.baselineMonths() == b.baselineMonths()
                && a.pooledMonths() == b.pooledMonths()
                && a.baselineCount() == b.baselineCount()
                && a.pooledCount() == b.pooledCount()
                && close(a.baselineKg(), b.baselineKg())
                && close(a.pooledKg(), b.pooledKg())
                && close(a.countP(), b.countP())
                && close(a.weightP(), b.weightP())
                && close(previousMonthKg, other.previousMonthKg);
    }

    private static boolean close(double x, double y) {
        return x == y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
    }
}

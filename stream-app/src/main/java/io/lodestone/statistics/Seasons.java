package io.lodestone.statistics;

import io.lodestone.statistics.PooledChange.Direction;
import java.time.YearMonth;

/**
 * Seasons are not changes: a change of a flow must also hold against the same months a year before,
 * where its history keeps them. The route judge's surges and collapses and the substitution judge's
 * watch-code rises go through it.
 */
public final class Seasons {

    private Seasons() {}

    /**
     * Where {@code s} holds the same months a year before the pooled ones ({@code change}..{@code
     * month}), the change must hold against them too (counts and tonnage at {@value
     * PooledChange#WEIGHT_CONFIRMATION}, at the {@code dispersion} of the change's baseline), so a
     * February like last February is no collapse and an October peak like last October's no surge.
     */
    public static boolean holdsAgainstLastYear(
            MonthlySeries s,
            YearMonth change,
            YearMonth month,
            Direction direction,
            double dispersion) {
        YearMonth from =
                change.isBefore(s.first().plusMonths(12)) ? s.first().plusMonths(12) : change;
        if (from.isAfter(month)) {
            return true;
        }
        return PooledChange.of(
                        s,
                        from.minusMonths(12),
                        month.minusMonths(11),
                        from,
                        month,
                        direction,
                        Dispersion.given(dispersion))
                .significant(PooledChange.WEIGHT_CONFIRMATION);
    }

    /**
     * The tonnage of {@code s} in the months a year before {@code from}..{@code to} (0 where its
     * history does not reach).
     */
    public static double sameMonthsLastYearKg(MonthlySeries s, YearMonth from, YearMonth to) {
        double kg = 0;
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            kg += s.kg(m.minusMonths(12));
        }
        return kg;
    }
}

package io.lodestone.statistics;

import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Where in a monthly series a change of its declaration rate most likely began: the split of the
 * counts into two Poisson rates with the greatest likelihood (a maximum-likelihood change point).
 * The route judge ranks significant candidates with it; the hub judge places an undated fall of a
 * direct flow with it.
 */
public final class ChangePoint {

    private ChangePoint() {}

    /**
     * The month from {@code earliest} to {@code month} where a fall of the series' declarations
     * most likely began: the split of its counts into two Poisson rates with the greatest
     * likelihood, among splits with a lower rate after and at least {@link Months#MIN_BASELINE}
     * months before.
     */
    public static Optional<YearMonth> likeliestFall(
            MonthlySeries s, YearMonth segmentStart, YearMonth earliest, YearMonth month) {
        YearMonth from = splitFrom(s, segmentStart, earliest);
        YearMonth best = null;
        double bestLogLikelihood = Double.NEGATIVE_INFINITY;
        for (YearMonth change = earliest; !change.isAfter(month); change = change.plusMonths(1)) {
            int b = (int) from.until(change, ChronoUnit.MONTHS);
            int k = (int) change.until(month, ChronoUnit.MONTHS) + 1;
            if (b < Months.MIN_BASELINE) {
                continue;
            }
            double logLikelihood = splitLogLikelihood(s, from, change, month);
            if (count(s, change, month) / (double) k
                            < count(s, from, change.minusMonths(1)) / (double) b
                    && logLikelihood > bestLogLikelihood) {
                best = change;
                bestLogLikelihood = logLikelihood;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Where the counts that place a change start: up to a baseline before the earliest candidate,
     * within the series and segment.
     */
    public static YearMonth splitFrom(MonthlySeries s, YearMonth segmentStart, YearMonth earliest) {
        YearMonth from = earliest.minusMonths(Months.BASELINE);
        from = from.isBefore(s.first()) ? s.first() : from;
        return segmentStart != null && from.isBefore(segmentStart) ? segmentStart : from;
    }

    /**
     * The log-likelihood of the counts {@code from}..{@code month} as two Poisson rates split at
     * {@code change}, up to a constant: n·ln(n/months) summed over both parts (0 for n = 0).
     */
    public static double splitLogLikelihood(
            MonthlySeries s, YearMonth from, YearMonth change, YearMonth month) {
        return xLogRate(
                        count(s, from, change.minusMonths(1)),
                        (int) from.until(change, ChronoUnit.MONTHS))
                + xLogRate(
                        count(s, change, month), (int) change.until(month, ChronoUnit.MONTHS) + 1);
    }

    private static long count(MonthlySeries s, YearMonth from, YearMonth to) {
        long n = 0;
        for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
            n += s.count(m);
        }
        return n;
    }

    private static double xLogRate(long n, int months) {
        return n == 0 || months <= 0 ? 0 : n * Math.log(n / (double) months);
    }
}

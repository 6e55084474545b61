package io.lodestone.statistics;

import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Evidence that a flow's level changed, pooled over months: the {@code baselineMonths} before a
 * change against the {@code pooledMonths} after it. Strategic minerals move in a few heavy
 * declarations a month, so one month says little and several say a lot (three empty months after a
 * steady year are not chance).
 *
 * <ul>
 *   <li>Counts: under "no change" the declarations of both periods share one Poisson rate, so given
 *       their total the pooled period's count is binomial with the pooled period's share of the
 *       months (the exact conditional test of two Poisson rates). It needs no estimate of the rate,
 *       so it holds for 1 or 2 declarations a month as well as for 30. Where the baseline months
 *       vary more than Poisson (seasons, declarations bunched in some months) the counts are
 *       divided by that overdispersion first, as the caller's {@link Dispersion} takes it (its
 *       estimate, or the upper end of what a few months can show; a route that varies less than
 *       Poisson, clockwork declarations, may weigh its counts more, down to a floor).
 *   <li>Weights: the pooled months' mean tonnage against the baseline months' mean, scaled by the
 *       baseline's own month-to-month spread (at least the compound-Poisson spread of its
 *       declarations), so one heavy declaration on a route that sees them now and then is no
 *       change, and 0 t after months of 100 t is. It confirms the direction of a significant count;
 *       one heavy declaration alone never makes a change.
 * </ul>
 *
 * <p>{@code dispersion} is what the counts were divided by (a route judge's seasonal check reuses
 * it); absent in a change stored before it was kept (0), and read by nothing stored.
 */
public record PooledChange(
        int baselineMonths,
        int pooledMonths,
        long baselineCount,
        long pooledCount,
        double baselineKg,
        double pooledKg,
        double countP,
        double weightP,
        double dispersion) {

    /** How unlikely by chance the tonnage's move must be to confirm a significant count. */
    public static final double WEIGHT_CONFIRMATION = 0.05;

    public enum Direction {
        RISE,
        FALL
    }

    /**
     * The change of {@code series} from the baseline {@code baselineFrom}..{@code changeMonth}−1 to
     * the pooled months {@code pooledFrom}..{@code to} ({@code pooledFrom} may lag {@code
     * changeMonth}; the months between count in neither period), tested in {@code direction}.
     */
    public static PooledChange of(
            MonthlySeries series,
            YearMonth baselineFrom,
            YearMonth changeMonth,
            YearMonth pooledFrom,
            YearMonth to,
            Direction direction) {
        return of(series, baselineFrom, changeMonth, pooledFrom, to, direction, Dispersion.POINT);
    }

    /**
     * As {@link #of(MonthlySeries, YearMonth, YearMonth, YearMonth, YearMonth, Direction)}, with
     * the baseline's dispersion taken as {@code dispersion} says.
     */
    public static PooledChange of(
            MonthlySeries series,
            YearMonth baselineFrom,
            YearMonth changeMonth,
            YearMonth pooledFrom,
            YearMonth to,
            Direction direction,
            Dispersion dispersion) {
        int b = (int) baselineFrom.until(changeMonth, ChronoUnit.MONTHS);
        int k = (int) pooledFrom.until(to, ChronoUnit.MONTHS) + 1;
        if (b < 1 || k < 1) {
            throw new IllegalArgumentException(
                    "need at least one baseline and one pooled month: "
                            + baselineFrom
                            + ".."
                            + changeMonth
                            + ", "
                            + pooledFrom
                            + ".."
                            + to);
        }
        long n0 = 0;
        double kg0 = 0;
        double kgSquares = 0;
        for (int i = 0; i < b; i++) {
            YearMonth m = baselineFrom.plusMonths(i);
            n0 += series.count(m);
            kg0 += series.kg(m);
            kgSquares += series.kg(m) * series.kg(m);
        }
        long n1 = 0;
        double kg1 = 0;
        for (int i = 0; i < k; i++) {
            n1 += series.count(pooledFrom.plusMonths(i));
            kg1 += series.kg(pooledFrom.plusMonths(i));
        }
        double share = k / (double) (b + k);
        // quasi-Poisson: a route whose months vary more than Poisson (seasons, bunched
        // declarations) weighs each declaration less
        double d = dispersion.of(series, baselineFrom, b);
        long e0 = Math.round(n0 / d);
        long e1 = Math.round(n1 / d);
        double countP =
                direction == Direction.RISE
                        ? Binomial.atLeast(e1, e0 + e1, share)
                        : Binomial.atMost(e1, e0 + e1, share);
        double mean0 = kg0 / b;
        double sampleVariance = b > 1 ? Math.max(0, (kgSquares - b * mean0 * mean0) / (b - 1)) : 0;
        double compoundPoisson = n0 > 0 ? mean0 * (kg0 / n0) : 0;
        double se = Math.sqrt(Math.max(sampleVariance, compoundPoisson) * (1.0 / k + 1.0 / b));
        double shift = direction == Direction.RISE ? kg1 / k - mean0 : mean0 - kg1 / k;
        double weightP = se > 0 ? normalUpperTail(shift / se) : shift > 0 ? 0 : 1;
        return new PooledChange(b, k, n0, n1, kg0, kg1, countP, weightP, d);
    }

    /**
     * The change from {@code change} on, pooled from {@code pooledFrom} to {@code month}, against
     * the baseline before {@code change}; empty when the series has fewer than {@link
     * Months#MIN_BASELINE} baseline months.
     */
    public static Optional<PooledChange> since(
            MonthlySeries s,
            YearMonth segmentStart,
            YearMonth change,
            YearMonth pooledFrom,
            YearMonth month,
            Direction direction) {
        return since(s, segmentStart, change, pooledFrom, month, direction, Dispersion.POINT);
    }

    /** As {@link #since}, with the baseline's dispersion taken as {@code dispersion} says. */
    public static Optional<PooledChange> since(
            MonthlySeries s,
            YearMonth segmentStart,
            YearMonth change,
            YearMonth pooledFrom,
            YearMonth month,
            Direction direction,
            Dispersion dispersion) {
        YearMonth from = change.minusMonths(Months.BASELINE);
        if (from.isBefore(s.first())) {
            from = s.first();
        }
        if (segmentStart != null && from.isBefore(segmentStart)) {
            from = segmentStart;
        }
        if (from.until(change, ChronoUnit.MONTHS) < Months.MIN_BASELINE
                || pooledFrom.isAfter(month)) {
            return Optional.empty();
        }
        return Optional.of(of(s, from, change, pooledFrom, month, direction, dispersion));
    }

    /**
     * The level moved: the counts, which carry the significance, at {@code alpha}, and the tonnage
     * the same way at {@code alpha} or {@value #WEIGHT_CONFIRMATION}, whichever is looser (a count
     * rise of light declarations, or a fall while the declarations got heavier, is no change of the
     * flow).
     */
    public boolean significant(double alpha) {
        return countP < alpha && weightP < Math.max(alpha, WEIGHT_CONFIRMATION);
    }

    /**
     * This fall with its count p-value from the negative binomial its baseline shows, where the
     * baseline varied beyond Poisson (a dispersion d above 1): each month's count of mean μ and
     * size r = μ / (d − 1), so variance d·μ, and the pooled months' total of mean kμ and size kr; μ
     * at the lower end of what the baseline shows (the mean less {@link Dispersion#CONFIDENCE}'s
     * normal quantile of standard errors). The quasi-Poisson count test weighs a bunched route's
     * declarations as fractions of one, so three empty months after 32 a month at d = 20 look like
     * chance; under the negative binomial they are not. Unchanged at d ≤ 1.
     */
    public PooledChange withNegativeBinomialFall() {
        if (dispersion <= 1) {
            return this;
        }
        double mean = baselineMeanCount();
        double low = mean - Dispersion.Z * Math.sqrt(dispersion * mean / baselineMonths);
        double p =
                low <= 0
                        ? 1
                        : NegativeBinomial.atMost(
                                pooledCount,
                                pooledMonths * low,
                                pooledMonths * mean / (dispersion - 1));
        return new PooledChange(
                baselineMonths,
                pooledMonths,
                baselineCount,
                pooledCount,
                baselineKg,
                pooledKg,
                p,
                weightP,
                dispersion);
    }

    public double baselineMeanKg() {
        return baselineKg / baselineMonths;
    }

    public double pooledMeanKg() {
        return pooledKg / pooledMonths;
    }

    public double baselineMeanCount() {
        return baselineCount / (double) baselineMonths;
    }

    public double pooledMeanCount() {
        return pooledCount / (double) pooledMonths;
    }

    /**
     * Tonnage of the pooled months above what the baseline level would have carried in them
     * (negative for a fall).
     */
    public double excessKg() {
        return pooledKg - pooledMonths * baselineMeanKg();
    }

    /** Fisher's combination of two independent p-values: P(χ²₄ ≥ −2 ln(p₁p₂)). */
    public static double fisher(double p1, double p2) {
        double product = p1 * p2;
        return product <= 0 ? 0 : Math.min(1, product * (1 - Math.log(product)));
    }

    /** Fisher's combination of three independent p-values: P(χ²₆ ≥ −2 ln(p₁p₂p₃)). */
    public static double fisher(double p1, double p2, double p3) {
        double product = p1 * p2 * p3;
        double log = -Math.log(product);
        return product <= 0 ? 0 : Math.min(1, product * (1 + log + log * log / 2));
    }

    /**
     * P(Z ≥ z) for a standard normal Z (erfc after Numerical Recipes' Chebyshev fit, relative error
     * below 1.2·10⁻⁷).
     */
    static double normalUpperTail(double z) {
        double x = z / Math.sqrt(2);
        double a = Math.abs(x);
        double t = 1 / (1 + 0.5 * a);
        double erfc =
                t
                        * Math.exp(
                                -a * a
                                        - 1.26551223
                                        + t
                                                * (1.00002368
                                                        + t
                                                                * (0.37409196
                                                                        + t
                                                                                * (0.09678418
                                                                                        + t
                                                                                                * (-0.18628806
                                                                                                        + t
                                                                                                                * (0.27886807
                                                                                                                        + t
                                                                                                                                * (-1.13520398
                                                                                                                                        + t
                                                                                                                                                * (1.48851587
                                                                                                                                                        + t
                                                                                                                                                                * (-0.82215223
                                                                                                                                                                        + t
                                                                                                                                                                                * 0.17087277)))))))));
        return 0.5 * (x >= 0 ? erfc : 2 - erfc);
    }

    /** Binomial tails in log space (a dense route pools thousands of declarations). */
    static final class Binomial {

        private static final double[] LOG_FACTORIALS = new double[1024];

        static {
            for (int i = 2; i < LOG_FACTORIALS.length; i++) {
                LOG_FACTORIALS[i] = LOG_FACTORIALS[i - 1] + Math.log(i);
            }
        }

        private Binomial() {}

        /** P(X ≤ x) for X ~ Binomial(n, p). */
        static double atMost(long x, long n, double p) {
            if (x < 0) {
                return 0;
            }
            if (x >= n || p <= 0) {
                return 1;
            }
            if (p >= 1) {
                return 0;
            }
            double sum = 0;
            for (long i = 0; i <= x; i++) {
                sum += Math.exp(logPmf(i, n, p));
            }
            return Math.min(1, sum);
        }

        /** P(X ≥ x) for X ~ Binomial(n, p). */
        static double atLeast(long x, long n, double p) {
            if (x <= 0) {
                return 1;
            }
            if (x > n || p <= 0) {
                return 0;
            }
            if (p >= 1) {
                return 1;
            }
            double sum = 0;
            for (long i = x; i <= n; i++) {
                sum += Math.exp(logPmf(i, n, p));
            }
            return Math.min(1, sum);
        }

        private static double logPmf(long i, long n, double p) {
            return logFactorial(n)
                    - logFactorial(i)
                    - logFactorial(n - i)
                    + i * Math.log(p)
                    + (n - i) * Math.log1p(-p);
        }

        private static double logFactorial(long n) {
            if (n < LOG_FACTORIALS.length) {
                return LOG_FACTORIALS[(int) n];
            }
            // Stirling's series: exact to double precision from here on
            double x = n;
            return x * Math.log(x)
                    - x
                    + 0.5 * Math.log(2 * Math.PI * x)
                    + 1 / (12 * x)
                    - 1 / (360 * x * x * x);
        }
    }
}

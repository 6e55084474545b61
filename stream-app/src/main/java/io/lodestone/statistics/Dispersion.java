package io.lodestone.statistics;

import java.time.YearMonth;

/**
 * How a baseline's dispersion (variance over mean of its monthly declaration counts) is taken for
 * {@link PooledChange}'s count test, at least {@code floor}: below 1, a route whose declarations
 * come like clockwork weighs each more, as its silence is more surprising than Poisson says.
 *
 * <ul>
 *   <li>{@link #pointEstimate}: the estimate itself, leaving out the month farthest from the mean,
 *       so one odd month (the near-zero month before a base effect) does not hide the change. For
 *       the hub judge, whose call needs the direct flow and both legs of a hub to agree.
 *   <li>{@link #upperBound}: the estimate's one-sided {@value #CONFIDENCE} confidence bound, every
 *       month kept. For a route judged alone: one whose months vary far beyond Poisson (bunched
 *       shipments, contracts renewed or not) can look steady over a few months by chance, and
 *       judged on that estimate it makes a surge of every bunch. The bound costs a short baseline
 *       most (6 months: the estimate × 2.5; 12 months: × 1.7).
 *   <li>{@link #given}: a dispersion already known, for a comparison of a few months (the same
 *       months a year before) judged at the dispersion of the route's longer baseline, as a few
 *       months say little of it.
 * </ul>
 */
public record Dispersion(double floor, Kind kind) {

    public enum Kind {
        POINT_ESTIMATE,
        UPPER_BOUND,
        GIVEN
    }

    /** The point estimate, at least Poisson's. */
    public static final Dispersion POINT = pointEstimate(1);

    /** How sure the upper bound is not below the route's true dispersion. */
    static final double CONFIDENCE = 0.85;

    /** The standard normal quantile of {@link #CONFIDENCE}. */
    static final double Z = 1.0364333894937898;

    public static Dispersion pointEstimate(double floor) {
        return new Dispersion(floor, Kind.POINT_ESTIMATE);
    }

    public static Dispersion upperBound(double floor) {
        return new Dispersion(floor, Kind.UPPER_BOUND);
    }

    public static Dispersion given(double dispersion) {
        return new Dispersion(dispersion, Kind.GIVEN);
    }

    /** The dispersion of {@code series}' {@code months} months from {@code from}. */
    double of(MonthlySeries series, YearMonth from, int months) {
        if (kind == Kind.GIVEN) {
            return floor;
        }
        if (months < 3) {
            return 1;
        }
        double[] counts = new double[months];
        double sum = 0;
        for (int i = 0; i < months; i++) {
            counts[i] = series.count(from.plusMonths(i));
            sum += counts[i];
        }
        int odd = -1; // the month left out, if any
        boolean upperBound = kind == Kind.UPPER_BOUND;
        if (!upperBound) {
            double mean = sum / months;
            odd = 0;
            for (int i = 1; i < months; i++) {
                odd = Math.abs(counts[i] - mean) > Math.abs(counts[odd] - mean) ? i : odd;
            }
            sum -= counts[odd];
        }
        int kept = odd < 0 ? months : months - 1;
        double mean = sum / kept;
        if (mean <= 0) {
            return 1;
        }
        double squares = 0;
        for (int i = 0; i < months; i++) {
            squares += i == odd ? 0 : (counts[i] - mean) * (counts[i] - mean);
        }
        int degreesOfFreedom = kept - 1;
        double estimate = squares / degreesOfFreedom / mean;
        return Math.max(
                floor,
                upperBound
                        ? estimate * degreesOfFreedom / chiSquareLowerQuantile(degreesOfFreedom)
                        : estimate);
    }

    /**
     * The χ² quantile of {@code degreesOfFreedom} with {@code 1 - CONFIDENCE} of the distribution
     * below it (Wilson and Hilferty's cube-root normal approximation: within 2% from 2 degrees of
     * freedom on).
     */
    static double chiSquareLowerQuantile(int degreesOfFreedom) {
        double a = 2.0 / (9 * degreesOfFreedom);
        double root = 1 - a - Z * Math.sqrt(a);
        return degreesOfFreedom * root * root * root;
    }
}

package io.lodestone.unitvalue;

import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The price band of an HS code (or of one origin's declarations of it) for a judged month: the
 * recency-weighted median and MAD of log(USD per kg) over the 12 months before it, each price
 * carried forward along the market's robust trend, so the band follows a market that moves
 * (antimony's price tripled in 2024-25) and one month's prices never set their own band. {@code
 * spread} is 1.4826 × MAD (a normal sigma), at least the settings' floor; {@code basis} says whose
 * declarations made it: {@code "origin CN"} or {@code "code"}.
 */
public record UnitValueBand(double median, double spread, int declarations, String basis) {

    /** MAD × this is a normal distribution's sigma. */
    private static final double MAD_TO_SIGMA = 1.4826;

    /** Months with a median of their own that a trend needs. */
    private static final int TREND_MONTHS = 6;

    /** Declarations a month needs for its median to count in the trend. */
    private static final int TREND_MONTH_DECLARATIONS = 3;

    /**
     * The band for a declaration of {@code origin} judged in {@code month}, from its code's monthly
     * {@code bins}: the origin's own band where it has enough history, the code's where the code
     * has, none otherwise.
     */
    public static Optional<UnitValueBand> of(
            Map<YearMonth, PriceBins> bins,
            YearMonth month,
            String origin,
            UnitValueSettings settings) {
        if (count(bins, month, origin) >= settings.originHistory()) {
            return Optional.of(band(bins, month, origin, "origin " + origin, settings));
        }
        if (count(bins, month, null) >= settings.minHistory()) {
            return Optional.of(band(bins, month, null, "code", settings));
        }
        return Optional.empty();
    }

    /** How many spreads {@code usdPerKg} lies from the median, signed (below: negative). */
    public double z(double usdPerKg) {
        return (Math.log(usdPerKg) - median) / spread;
    }

    /** The median unit value, USD per kg. */
    public double medianUsdPerKg() {
        return Math.exp(median);
    }

    /** The band's lower edge at {@code k} spreads, USD per kg. */
    public double lowUsdPerKg(double k) {
        return Math.exp(median - k * spread);
    }

    /** The band's upper edge at {@code k} spreads, USD per kg. */
    public double highUsdPerKg(double k) {
        return Math.exp(median + k * spread);
    }

    private static int count(Map<YearMonth, PriceBins> bins, YearMonth month, String origin) {
        int n = 0;
        for (Map.Entry<YearMonth, PriceBins> e : bins.entrySet()) {
            if (inWindow(e.getKey(), month)) {
                n += e.getValue().count(origin);
            }
        }
        return n;
    }

    /** The 12 months before {@code month}. */
    private static boolean inWindow(YearMonth binMonth, YearMonth month) {
        return binMonth.isBefore(month) && !binMonth.isBefore(month.minusMonths(12));
    }

    private static UnitValueBand band(
            Map<YearMonth, PriceBins> bins,
            YearMonth month,
            String origin,
            String basis,
            UnitValueSettings settings) {
        // {log value, weight, age in months} of every bin of the window
        List<double[]> history = new ArrayList<>();
        List<double[]> monthlyMedians = new ArrayList<>(); // {age, median}
        int declarations = 0;
        for (Map.Entry<YearMonth, PriceBins> e : bins.entrySet()) {
            if (!inWindow(e.getKey(), month)) {
                continue;
            }
            long age = e.getKey().until(month, ChronoUnit.MONTHS);
            double weight = Math.pow(0.5, age / settings.halfLifeMonths());
            List<double[]> ofMonth = new ArrayList<>();
            for (Map.Entry<String, Map<Integer, Integer>> o : e.getValue().byOrigin().entrySet()) {
                if (origin != null && !o.getKey().equals(origin)) {
                    continue;
                }
                for (Map.Entry<Integer, Integer> b : o.getValue().entrySet()) {
                    double value = PriceBins.logValue(b.getKey());
                    history.add(new double[] {value, weight * b.getValue(), age});
                    ofMonth.add(new double[] {value, b.getValue()});
                    declarations += b.getValue();
                }
            }
            if (ofMonth.stream().mapToDouble(b -> b[1]).sum() >= TREND_MONTH_DECLARATIONS) {
                monthlyMedians.add(new double[] {age, weightedMedian(ofMonth)});
            }
        }
        // Each price is carried forward along the market's trend to the judged month, so a market
        // that moves steadily is where it is now, not where it was on average.
        double slope = trendPerMonth(monthlyMedians);
        List<double[]> projected = new ArrayList<>(history.size());
        for (double[] h : history) {
            projected.add(new double[] {h[0] + slope * h[2], h[1]});
        }
        double median = weightedMedian(projected);
        List<double[]> deviations = new ArrayList<>(projected.size());
        for (double[] p : projected) {
            deviations.add(new double[] {Math.abs(p[0] - median), p[1]});
        }
        double spread = Math.max(MAD_TO_SIGMA * weightedMedian(deviations), settings.minSpread());
        return new UnitValueBand(median, spread, declarations, basis);
    }

    /**
     * The market's trend in log USD per kg a month: the Theil–Sen slope (the median of the slopes
     * between every two months) of the monthly medians, robust to a spike; none with fewer than
     * {@link #TREND_MONTHS} months to fit.
     */
    static double trendPerMonth(List<double[]> monthlyMedians) {
        if (monthlyMedians.size() < TREND_MONTHS) {
            return 0;
        }
        List<double[]> slopes = new ArrayList<>();
        for (int i = 0; i < monthlyMedians.size(); i++) {
            for (int j = i + 1; j < monthlyMedians.size(); j++) {
                double[] a = monthlyMedians.get(i);
                double[] b = monthlyMedians.get(j);
                // ages count back: the later month has the smaller age
                slopes.add(new double[] {(a[1] - b[1]) / (b[0] - a[0]), 1});
            }
        }
        return weightedMedian(slopes);
    }

    /** The value below which half the weight lies (of {value, weight} pairs; sorts them). */
    static double weightedMedian(List<double[]> weighted) {
        return weightedQuantile(weighted, 0.5);
    }

    /**
     * The value below which {@code q} of the weight lies (of {value, weight} pairs; sorts them).
     */
    private static double weightedQuantile(List<double[]> weighted, double q) {
        weighted.sort(Comparator.comparingDouble(w -> w[0]));
        double total = 0;
        for (double[] w : weighted) {
            total += w[1];
        }
        double cumulative = 0;
        for (double[] w : weighted) {
            cumulative += w[1];
            if (cumulative >= total * q) {
                return w[0];
            }
        }
        return weighted.get(weighted.size() - 1)[0];
    }
}

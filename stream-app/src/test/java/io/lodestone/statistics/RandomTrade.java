package io.lodestone.statistics;

import java.util.Random;

/**
 * Monthly declaration counts for the quality tests' seeded worlds: Poisson, or negative-binomial (a
 * Poisson whose mean is drawn from a Gamma of size r: variance μ + μ²/r), as real trade varies
 * beyond Poisson (bunched shipments, contracts renewed or not).
 */
public final class RandomTrade {

    private RandomTrade() {}

    /**
     * A route's usual declaration: four times the commodity's materiality a month, ×0.5 to ×2
     * (log-uniform).
     */
    public static double declarationKg(Random random, double materialKg) {
        return 4 * materialKg * Math.exp(Math.log(2) * (2 * random.nextDouble() - 1));
    }

    /**
     * The net weight of {@code count} declarations of about {@code declarationKg}: each ×0.5 to
     * ×1.5 (uniform), or heavy-tailed (log-normal of spread {@code sigma}, mean 1).
     */
    public static double weights(
            Random random, long count, double declarationKg, boolean heavyTailed, double sigma) {
        double kg = 0;
        for (long d = 0; d < count; d++) {
            kg +=
                    declarationKg
                            * (heavyTailed
                                    ? Math.exp(sigma * random.nextGaussian() - sigma * sigma / 2)
                                    : 0.5 + random.nextDouble());
        }
        return kg;
    }

    /** A negative-binomial draw of mean {@code mean} and size {@code r} (infinite: Poisson). */
    public static long negativeBinomial(Random random, double mean, double r) {
        return poisson(random, mean * gamma(random, r));
    }

    /** A Gamma(shape, 1/shape) draw (mean 1; Marsaglia and Tsang); 1 for an infinite shape. */
    public static double gamma(Random random, double shape) {
        if (Double.isInfinite(shape)) {
            return 1;
        }
        if (shape < 1) {
            return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = Math.pow(1 + c * x, 3);
            if (v > 0 && Math.log(random.nextDouble()) < x * x / 2 + d - d * v + d * Math.log(v)) {
                return d * v / shape;
            }
        }
    }

    /** A Poisson draw (Knuth's, in steps of 30 so large means do not underflow). */
    public static long poisson(Random random, double mean) {
        long n = 0;
        for (double left = mean; left > 0; left -= 30) {
            double limit = Math.exp(-Math.min(left, 30));
            double p = random.nextDouble();
            while (p > limit) {
                n++;
                p *= random.nextDouble();
            }
        }
        return n;
    }
}

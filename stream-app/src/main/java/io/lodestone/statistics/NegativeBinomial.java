package io.lodestone.statistics;

/**
 * The negative-binomial distribution of a count whose rate itself varies (a Poisson whose mean is
 * drawn from a Gamma of size r): mean μ, variance μ + μ²/r. Months of a route that bunches its
 * declarations sum as one: k months of (μ, r) are (kμ, kr).
 */
public final class NegativeBinomial {

    private NegativeBinomial() {}

    /** P(X ≤ x) for X negative-binomial with {@code mean} and {@code size}. */
    public static double atMost(long x, double mean, double size) {
        if (x < 0) {
            return 0;
        }
        if (mean <= 0) {
            return 1;
        }
        double logP = Math.log(size / (size + mean)); // of each "success"
        double logQ = Math.log(mean / (size + mean));
        double sum = 0;
        for (long i = 0; i <= x; i++) {
            sum +=
                    Math.exp(
                            logGamma(i + size)
                                    - logGamma(size)
                                    - logGamma(i + 1.0)
                                    + size * logP
                                    + i * logQ);
        }
        return Math.min(1, sum);
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double[] c = {
            0.99999999999980993,
            676.5203681218851,
            -1259.1392167224028,
            771.32342877765313,
            -176.61502916214059,
            12.507343278686905,
            -0.13857109526572012,
            9.9843695780195716e-6,
            1.5056327351493116e-7
        };
        double z = x - 1;
        double a = c[0];
        double t = z + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (z + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
    }
}

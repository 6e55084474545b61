package io.lodestone.rerouting;

/**
 * Tail probabilities of the Poisson distribution: how surprising a month's shipment count is, given
 * the mean count of the months before. A route with three shipments a month has empty months by
 * chance; one with thirty does not.
 */
final class Poisson {

    private Poisson() {
    }

    /** P(N ≤ k) for N ~ Poisson(mean). */
    static double atMost(long k, double mean) {
        if (k < 0) {
            return 0;
        }
        if (mean <= 0) {
            return 1;
        }
        // terms in log space: e^-mean alone underflows for the busiest routes (mean > 745)
        double logTerm = -mean;
        double sum = Math.exp(logTerm);
        double logMean = Math.log(mean);
        for (long i = 1; i <= k; i++) {
            logTerm += logMean - Math.log(i);
            sum += Math.exp(logTerm);
        }
        return Math.min(1, sum);
    }

    /**
     * How unlikely a rise to {@code count} shipments is after months averaging {@code baselineMean}: P(N ≥ count)
     * with the mean floored at 0.5, because a route silent for the baseline months still sees a shipment now
     * and then: one or two returning shipments are no surge, five are.
     */
    static double rise(long count, double baselineMean) {
        return atLeast(count, Math.max(baselineMean, 0.5));
    }

    /** P(N ≥ k) for N ~ Poisson(mean). */
    static double atLeast(long k, double mean) {
        if (k <= 0) {
            return 1;
        }
        if (mean <= 0) {
            return 0;
        }
        return Math.max(0, 1 - atMost(k - 1, mean));
    }
}

package io.lodestone.statistics;

import static io.lodestone.statistics.PooledChangeTest.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** The two ways a baseline's dispersion is taken, on hand-made monthly counts from January. */
class DispersionTest {

    private static final YearMonth JAN = YearMonth.of(2024, 1);

    @Test
    void theChiSquareQuantileIsWithinTwoPercent() {
        // 2 degrees of freedom: P(χ² ≤ x) = 1 - exp(-x/2), so the 15% quantile is -2 ln 0.85
        assertThat(Dispersion.chiSquareLowerQuantile(2))
                .isCloseTo(-2 * Math.log(0.85), within(0.0065));
        // 4: P(χ² ≤ x) = 1 - exp(-x/2) (1 + x/2); solved by bisection
        double lo = 0;
        double hi = 10;
        for (int i = 0; i < 60; i++) {
            double x = (lo + hi) / 2;
            if (1 - Math.exp(-x / 2) * (1 + x / 2) < 1 - Dispersion.CONFIDENCE) {
                lo = x;
            } else {
                hi = x;
            }
        }
        assertThat(Dispersion.chiSquareLowerQuantile(4)).isCloseTo(lo, within(0.02 * lo));
    }

    @Test
    void thePointEstimateLeavesOutTheOddMonthAndTheBoundKeepsEveryMonth() {
        // 10, 12, 8, 10, 10, 0: mean 8.33, variance 19.5 with every month; without the 0, variance
        // 2
        MonthlySeries s = series(1, 10, 12, 8, 10, 10, 0);
        assertThat(Dispersion.POINT.of(s, JAN, 6)).as("2 / 10, at least Poisson").isEqualTo(1);
        assertThat(Dispersion.pointEstimate(0.1).of(s, JAN, 6)).isCloseTo(0.2, within(1e-9));
        double mean = 50 / 6.0;
        double estimate =
                (3 * Math.pow(10 - mean, 2)
                                + Math.pow(12 - mean, 2)
                                + Math.pow(8 - mean, 2)
                                + mean * mean)
                        / 5
                        / mean;
        assertThat(Dispersion.upperBound(1).of(s, JAN, 6))
                .as("the estimate × 5 / the 15% quantile of χ² with 5 degrees of freedom")
                .isCloseTo(estimate * 5 / Dispersion.chiSquareLowerQuantile(5), within(1e-3));
    }

    @Test
    void aSteadyRouteIsPoissonAtLeastAndClockworkDownToItsFloor() {
        MonthlySeries clockwork = series(1, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4);
        assertThat(Dispersion.upperBound(1).of(clockwork, JAN, 12)).isEqualTo(1);
        assertThat(Dispersion.pointEstimate(0.5).of(clockwork, JAN, 12)).isEqualTo(0.5);
        assertThat(Dispersion.upperBound(1).of(series(1, 0, 0, 0, 0), JAN, 4))
                .as("no declaration: nothing to estimate")
                .isEqualTo(1);
    }
}

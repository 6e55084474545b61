package io.lodestone.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lodestone.statistics.PooledChange.Direction;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** The pooled tests on hand-made monthly series, with their exact figures. */
public class PooledChangeTest {

    private static final YearMonth JAN = YearMonth.of(2024, 1);

    /** Monthly declaration counts from January 2024, each declaration of {@code tonnes} t. */
    public static MonthlySeries series(double tonnes, long... counts) {
        double[] kg = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            kg[i] = counts[i] * tonnes * 1000;
        }
        return new MonthlySeries(JAN.toString(), counts, kg);
    }

    @Test
    void theCountTestIsTheExactConditionalBinomial() {
        // 4 a month for 12 months, then 0 for 2: given 48 in all, P(all 48 in the 12 baseline
        // months) = (12/14)^48
        PooledChange fall =
                PooledChange.of(
                        series(20, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0),
                        JAN,
                        JAN.plusMonths(12),
                        JAN.plusMonths(12),
                        JAN.plusMonths(13),
                        Direction.FALL);
        assertThat(fall.countP()).isCloseTo(Math.pow(12.0 / 14, 48), within(1e-12));
        assertThat(fall.baselineMonths()).isEqualTo(12);
        assertThat(fall.pooledMonths()).isEqualTo(2);
        assertThat(fall.baselineMeanKg()).isEqualTo(80_000.0);
        assertThat(fall.pooledMeanKg()).isZero();
        assertThat(fall.excessKg()).isEqualTo(-160_000.0);
        assertThat(fall.significant(1e-3)).isTrue();
    }

    @Test
    void oneQuietMonthOfASparseRouteIsChanceAndThreeAreNot() {
        MonthlySeries oneQuiet = series(20, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0);
        PooledChange one =
                PooledChange.of(
                        oneQuiet,
                        JAN,
                        JAN.plusMonths(12),
                        JAN.plusMonths(12),
                        JAN.plusMonths(12),
                        Direction.FALL);
        assertThat(one.countP())
                .isCloseTo(Math.pow(12.0 / 13, 24), within(1e-12))
                .isGreaterThan(0.1);
        MonthlySeries threeQuiet = series(20, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0);
        PooledChange three =
                PooledChange.of(
                        threeQuiet,
                        JAN,
                        JAN.plusMonths(12),
                        JAN.plusMonths(12),
                        JAN.plusMonths(14),
                        Direction.FALL);
        assertThat(three.countP())
                .isCloseTo(Math.pow(12.0 / 15, 24), within(1e-12))
                .isLessThan(0.01);
    }

    @Test
    void oneHeavyDeclarationIsNotASurgeButManyMoreDeclarationsAre() {
        // 2 a month of 20 t, then one month with 2 declarations of 300 t: the weight moved, the
        // count did not
        long[] counts = {2, 2, 2, 2, 2, 2, 2};
        double[] kg = {40_000, 40_000, 40_000, 40_000, 40_000, 40_000, 600_000};
        PooledChange heavy =
                PooledChange.of(
                        new MonthlySeries(JAN.toString(), counts, kg),
                        JAN,
                        JAN.plusMonths(6),
                        JAN.plusMonths(6),
                        JAN.plusMonths(6),
                        Direction.RISE);
        assertThat(heavy.weightP()).isLessThan(1e-4);
        assertThat(heavy.countP()).isGreaterThan(0.1);
        assertThat(heavy.significant(1e-4)).isFalse();
        PooledChange many =
                PooledChange.of(
                        series(20, 2, 2, 2, 2, 2, 2, 14),
                        JAN,
                        JAN.plusMonths(6),
                        JAN.plusMonths(6),
                        JAN.plusMonths(6),
                        Direction.RISE);
        assertThat(many.significant(1e-4)).isTrue();
    }

    @Test
    void aLaggedPooledPeriodSkipsTheMonthsBetween() {
        PooledChange lagged =
                PooledChange.of(
                        series(1, 0, 0, 0, 0, 9, 5, 5),
                        JAN,
                        JAN.plusMonths(4),
                        JAN.plusMonths(5),
                        JAN.plusMonths(6),
                        Direction.RISE);
        assertThat(lagged.pooledCount()).isEqualTo(10);
        assertThat(lagged.pooledMonths()).isEqualTo(2);
        // none in the 4 baseline months, 10 in the 2 pooled ones: P = (2/6)^10
        assertThat(lagged.countP()).isCloseTo(Math.pow(1 / 3.0, 10), within(1e-15));
    }

    @Test
    void fisherCombinesTwoPValues() {
        assertThat(PooledChange.fisher(0.01, 0.01))
                .isCloseTo(1e-4 * (1 - Math.log(1e-4)), within(1e-12));
        assertThat(PooledChange.fisher(1, 1)).isEqualTo(1.0);
        // three p-values of 5%: χ² = 17.97 on 6 degrees of freedom, P = 0.0063
        assertThat(PooledChange.fisher(0.05, 0.05, 0.05)).isCloseTo(0.00630, within(1e-5));
        assertThat(PooledChange.fisher(0.3, 1, 1))
                .isCloseTo(
                        0.3 * (1 - Math.log(0.3) + Math.log(0.3) * Math.log(0.3) / 2),
                        within(1e-12));
        assertThat(PooledChange.normalUpperTail(0)).isCloseTo(0.5, within(1e-7));
        assertThat(PooledChange.normalUpperTail(3)).isCloseTo(0.0013499, within(1e-6));
    }

    @Test
    void aBunchedRoutesStopIsJudgedOnTheNegativeBinomialItsMonthsShow() {
        // 32 a month on average, bunched (0 to 70): three silent months look like chance to the
        // quasi-Poisson test, which weighs each declaration as a fraction of one; under the
        // negative binomial those months show they are not
        MonthlySeries s = series(1, 10, 70, 5, 60, 0, 40, 20, 55, 8, 30, 45, 41, 0, 0, 0);
        YearMonth change = JAN.plusMonths(12);
        PooledChange quasi =
                PooledChange.of(
                        s,
                        JAN,
                        change,
                        change,
                        change.plusMonths(2),
                        PooledChange.Direction.FALL,
                        Dispersion.upperBound(1));
        PooledChange negativeBinomial = quasi.withNegativeBinomialFall();
        assertThat(quasi.dispersion()).isGreaterThan(20);
        assertThat(quasi.countP()).as("quasi-Poisson").isGreaterThan(0.05);
        assertThat(negativeBinomial.countP()).as("negative binomial").isLessThan(3e-4);
        assertThat(negativeBinomial.dispersion()).isEqualTo(quasi.dispersion());
        assertThat(negativeBinomial.weightP()).isEqualTo(quasi.weightP());
        // a route no more variable than Poisson keeps the exact conditional test
        PooledChange poisson =
                PooledChange.of(
                        series(1, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0),
                        JAN,
                        change,
                        change,
                        change.plusMonths(1),
                        PooledChange.Direction.FALL,
                        Dispersion.POINT);
        assertThat(poisson.withNegativeBinomialFall()).isSameAs(poisson);
    }

    @Test
    void negativeBinomialTailsAreExact() {
        // size 1 is geometric: P(X = i) = (1/5)(4/5)^i at mean 4
        assertThat(NegativeBinomial.atMost(0, 4, 1)).isCloseTo(0.2, within(1e-12));
        assertThat(NegativeBinomial.atMost(2, 4, 1)).isCloseTo(0.2 + 0.16 + 0.128, within(1e-12));
        // a huge size is Poisson: P(X = 0) = e^-3
        assertThat(NegativeBinomial.atMost(0, 3, 1e9)).isCloseTo(Math.exp(-3), within(1e-6));
        assertThat(NegativeBinomial.logGamma(5)).isCloseTo(Math.log(24), within(1e-12));
        assertThat(NegativeBinomial.logGamma(0.5))
                .isCloseTo(0.5 * Math.log(Math.PI), within(1e-12));
    }
}

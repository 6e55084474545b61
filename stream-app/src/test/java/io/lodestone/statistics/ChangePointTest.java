package io.lodestone.statistics;

import static io.lodestone.statistics.PooledChangeTest.series;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** The maximum-likelihood change point on hand-made monthly counts (from January 2024). */
class ChangePointTest {

    @Test
    void theLikeliestFallIsTheSplitWithTheGreatestLikelihood() {
        MonthlySeries s = series(1, 4, 5, 3, 4, 5, 3, 4, 0, 0, 1, 0, 0);
        assertThat(
                        ChangePoint.likeliestFall(
                                s, null, YearMonth.of(2024, 7), YearMonth.of(2024, 12)))
                .contains(YearMonth.of(2024, 8));
        assertThat(
                        ChangePoint.likeliestFall(
                                s,
                                YearMonth.of(2024, 10),
                                YearMonth.of(2024, 7),
                                YearMonth.of(2024, 12)))
                .as("no split leaves three months before it inside the segment")
                .isEmpty();
        MonthlySeries rising = series(1, 1, 1, 1, 1, 1, 1, 5, 5, 5);
        assertThat(
                        ChangePoint.likeliestFall(
                                rising, null, YearMonth.of(2024, 4), YearMonth.of(2024, 9)))
                .as("no split with a lower rate after")
                .isEmpty();
    }
}

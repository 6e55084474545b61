package io.lodestone.routechange;

import static io.lodestone.statistics.PooledChangeTest.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.alerts.AlertType;
import io.lodestone.statistics.MonthlySeries;
import io.lodestone.statistics.PooledChange;
import io.lodestone.statistics.Seasons;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The surge and collapse judge on hand-made monthly histories (twenty 1 t declarations a month,
 * from January 2024).
 */
class RouteChangeJudgeTest {

    private static final RouteChangeSettings T =
            new RouteChangeSettings(3.0, 0.2, 3e-4, Duration.ofDays(7), Duration.ofDays(121));
    private static final YearMonth FEB_2025 = YearMonth.of(2025, 2);

    private static Optional<RouteChange> judge(MonthlySeries s, YearMonth month) {
        return RouteChangeJudge.judge(RouteHistory.NONE.withMonths(s), month, T, 50);
    }

    @Test
    void aFebruaryLikeLastFebruaryIsNoCollapse() {
        MonthlySeries s = series(1, 20, 2, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 2);
        assertThat(
                        Seasons.holdsAgainstLastYear(
                                s, FEB_2025, FEB_2025, PooledChange.Direction.FALL, 1))
                .as("last February was as low")
                .isFalse();
        assertThat(
                        Seasons.holdsAgainstLastYear(
                                series(1, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 2),
                                FEB_2025,
                                FEB_2025,
                                PooledChange.Direction.FALL,
                                1))
                .as("a February lower than last February")
                .isTrue();
        assertThat(judge(s, FEB_2025)).as("no collapse").isEmpty();
    }

    @Test
    void aSeasonalRouteThatFallsSilentCollapses() {
        MonthlySeries s = series(1, 20, 2, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 0, 0, 0);
        RouteChange change = judge(s, YearMonth.of(2025, 4)).orElseThrow();
        assertThat(change.type()).isEqualTo(AlertType.VOLUME_COLLAPSE);
        assertThat(change.changeMonth()).isEqualTo("2025-02");
    }
}

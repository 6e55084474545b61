package io.lodestone.rerouting;

import static io.lodestone.statistics.PooledChangeTest.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.statistics.MonthlySeries;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The hub rerouting judge on hand-made legs of a sparse antimony pair (four 20 t declarations a
 * month): the event study from the control list's date, a lagged onward leg, one episode updated as
 * months pass, and the controls.
 */
class HubReroutingJudgeTest {

    private static final HubReroutingSettings T =
            new HubReroutingSettings(
                    0.8, 0.2, 1.5, 1e-4, 0.01, 0.01, Duration.ofDays(7), Duration.ofDays(3));
    private static final LocalDate BAN = LocalDate.of(2024, 12, 3);
    private static final YearMonth DEC = YearMonth.of(2024, 12);
    private static final double MATERIAL_KG = 4_000;

    //                                           2024 Jan ........................ Dec  2025 Jan Feb
    // Mar
    private static final MonthlySeries DIRECT =
            series(20, 4, 5, 3, 4, 5, 3, 4, 5, 3, 4, 4, 0, 0, 1, 0);
    private static final MonthlySeries INTO_HUB =
            series(20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 2, 3);
    private static final MonthlySeries OUT_LAGGED =
            series(20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2);

    private static Optional<HubReroutingJudge.Finding> judge(
            YearMonth month,
            MonthlySeries direct,
            MonthlySeries in,
            MonthlySeries out,
            HubReroutingJudge.Episode last) {
        return HubReroutingJudge.judge(
                month,
                BAN,
                new HubReroutingJudge.PairLegs(direct, Map.of("TH", in), Map.of("TH", out)),
                last,
                T,
                MATERIAL_KG);
    }

    @Test
    void aSparseDiversionWithALaggedOnwardLegIsCalledFromTheBanDateAndUpdated() {
        assertThat(judge(DEC, DIRECT, INTO_HUB, OUT_LAGGED, null))
                .as("December: nothing has left the hub yet")
                .isEmpty();
        assertThat(judge(DEC.plusMonths(1), DIRECT, INTO_HUB, OUT_LAGGED, null))
                .as("January: one direct month is still chance")
                .isEmpty();
        HubReroutingJudge.Finding february =
                judge(DEC.plusMonths(2), DIRECT, INTO_HUB, OUT_LAGGED, null).orElseThrow();
        assertThat(february.episode())
                .isEqualTo(
                        new HubReroutingJudge.Episode("2024-12", true, "2025-02", List.of("TH")));
        assertThat(february.hubs())
                .singleElement()
                .satisfies(
                        h -> {
                            assertThat(h.lagMonths()).isEqualTo(2);
                            assertThat(h.in().pooledCount()).isEqualTo(5);
                            assertThat(h.out().pooledCount()).isEqualTo(2);
                            assertThat(h.divertedKg()).isEqualTo(40_000.0);
                        });
        assertThat(february.direct().pooledCount()).isEqualTo(1);
        assertThat(february.direct().baselineCount()).isEqualTo(44);
        assertThat(february.divertedKg()).isEqualTo(40_000.0);

        HubReroutingJudge.Finding march =
                judge(DEC.plusMonths(3), DIRECT, INTO_HUB, OUT_LAGGED, february.episode())
                        .orElseThrow();
        assertThat(march.episode())
                .as("the same episode, first called in February")
                .isEqualTo(february.episode());
        assertThat(march.divertedKg()).isEqualTo(80_000.0);
    }

    @Test
    void hubGrowthBesideASteadyDirectFlowIsNotRerouting() {
        MonthlySeries steady = series(20, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 3, 2);
        MonthlySeries out = series(20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 2, 3);
        assertThat(judge(DEC.plusMonths(3), steady, INTO_HUB, out, null)).isEmpty();
    }

    private static final MonthlySeries QUIET =
            series(20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    @Test
    void aCollapseThatNoHubTakesUpIsAVolumeCollapseFromTheListedDate() {
        assertThat(judge(DEC.plusMonths(1), DIRECT, QUIET, QUIET, null))
                .as("January: an onward leg lagging two months could still name a hub")
                .isEmpty();
        HubReroutingJudge.Finding february =
                judge(DEC.plusMonths(2), DIRECT, QUIET, QUIET, null).orElseThrow();
        assertThat(february.episode())
                .isEqualTo(new HubReroutingJudge.Episode("2024-12", true, "2025-02", List.of()));
        assertThat(february.episode().isCollapse()).isTrue();
        assertThat(february.hubs()).isEmpty();
        assertThat(february.direct().baselineCount()).isEqualTo(44);
        assertThat(february.direct().pooledCount()).isEqualTo(1);

        HubReroutingJudge.Finding march =
                judge(DEC.plusMonths(3), DIRECT, QUIET, QUIET, february.episode()).orElseThrow();
        assertThat(march.episode()).as("the same episode, updated").isEqualTo(february.episode());
        assertThat(march.direct().pooledCount()).isEqualTo(1);
    }

    @Test
    void oneDeclarationAMonthLikeClockworkThatStopsAtTheBanIsCalledInItsThirdMonth() {
        MonthlySeries clockwork = series(20, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
        assertThat(judge(DEC, clockwork, QUIET, QUIET, null)).isEmpty();
        assertThat(judge(DEC.plusMonths(1), clockwork, QUIET, QUIET, null))
                .as("two silent months: (11/13)^22 = 0.025 with the clockwork counted")
                .isEmpty();
        assertThat(judge(DEC.plusMonths(2), clockwork, QUIET, QUIET, null))
                .as("three: (11/14)^22 = 0.005")
                .hasValueSatisfying(f -> assertThat(f.episode().isCollapse()).isTrue());
    }

    @Test
    void aCollapseThatAHubTakesUpLaterBecomesRerouting() {
        // the hub's onward leg shows only in March, three months after the ban
        MonthlySeries outLate = series(20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2);
        HubReroutingJudge.Episode collapse =
                judge(DEC.plusMonths(2), DIRECT, INTO_HUB, outLate, null).orElseThrow().episode();
        assertThat(collapse.isCollapse()).isTrue();
        HubReroutingJudge.Finding march =
                judge(DEC.plusMonths(3), DIRECT, INTO_HUB, outLate, collapse).orElseThrow();
        assertThat(march.episode())
                .as("rerouting from the ban, first called when the hub showed")
                .isEqualTo(
                        new HubReroutingJudge.Episode("2024-12", true, "2025-03", List.of("TH")));
    }

    @Test
    void aDiversionThatStartedBeforeTheListedDateIsFoundAsAnUndatedChange() {
        // 8 a month until June 2024, then none; the hub takes them from July; the pair is listed
        // from December
        MonthlySeries direct = series(20, 8, 8, 8, 8, 8, 8, 0, 0, 0, 0, 0, 0);
        MonthlySeries hub = series(20, 0, 0, 0, 0, 0, 0, 8, 8, 8, 8, 8, 8);
        Optional<HubReroutingJudge.Finding> found = judge(DEC, direct, hub, hub, null);
        assertThat(found).isPresent();
        assertThat(found.get().episode().dated()).isFalse();
        assertThat(found.get().episode().changeMonth()).isEqualTo("2024-07");
    }

    @Test
    void aQuietMonthJustBeforeTheBanLeavesTheEpisodeAtTheBan() {
        // two 20 t declarations a month, by chance none in November; from December none, and the
        // hub carries them at once
        MonthlySeries direct = series(20, 2, 3, 2, 1, 2, 2, 3, 2, 2, 2, 0, 0, 0, 0);
        MonthlySeries hub = series(20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2);
        assertThat(judge(DEC, direct, hub, hub, null))
                .as("December: one quiet month is chance")
                .isEmpty();
        assertThat(judge(DEC.plusMonths(1), direct, hub, hub, null))
                .as("January: the most likely change, November, is the ban's")
                .isEmpty();
        HubReroutingJudge.Finding february =
                judge(DEC.plusMonths(2), direct, hub, hub, null).orElseThrow();
        assertThat(february.episode())
                .isEqualTo(
                        new HubReroutingJudge.Episode("2024-12", true, "2025-02", List.of("TH")));
        assertThat(february.direct().countP())
                .as("the direct fall alone, not significant at 1%")
                .isBetween(0.005, 0.01);
    }
}

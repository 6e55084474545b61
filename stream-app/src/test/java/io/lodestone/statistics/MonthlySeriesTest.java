package io.lodestone.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class MonthlySeriesTest {

    @Test
    void readsItsMonthsAcrossAYearEnd() {
        MonthlySeries s =
                MonthlySeries.empty(YearMonth.of(2024, 11))
                        .with(YearMonth.of(2024, 11), 1, 10.0)
                        .with(YearMonth.of(2025, 2), 4, 40.0);

        assertThat(s.first()).isEqualTo(YearMonth.of(2024, 11));
        assertThat(s.last()).isEqualTo(YearMonth.of(2025, 2));
        assertThat(s.counts()).containsExactly(1, 0, 0, 4);
        assertThat(s.count(YearMonth.of(2025, 2))).isEqualTo(4);
        assertThat(s.kg(YearMonth.of(2024, 11))).isEqualTo(10.0);
        assertThat(s.count(YearMonth.of(2024, 10))).isZero();
        assertThat(s.count(YearMonth.of(2025, 3))).isZero();
        assertThat(s.window(YearMonth.of(2025, 1), YearMonth.of(2025, 12)).firstMonth())
                .isEqualTo("2025-01");
    }

    @Test
    void refusesAFirstMonthThatIsNotYearDashMonth() {
        for (String bad : new String[] {"2025-13", "2025-1", "202501", "2025-0x", "", "May 2025"}) {
            assertThatThrownBy(() -> new MonthlySeries(bad, new long[0], new double[0]))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a yyyy-MM month: '" + bad + "'");
        }
    }
}

package io.lodestone.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RouteDayKeyTest {

    @Test
    void parsesWhatItEncodes() {
        RouteDayKey key = new RouteDayKey("antimony|CN|CN|TH", LocalDate.of(2025, 1, 6));

        assertThat(key.encoded()).isEqualTo("antimony|CN|CN|TH@2025-01-06");
        assertThat(RouteDayKey.parse(key.encoded())).isEqualTo(key);
        assertThat(RouteDayKey.routeOf(key.encoded())).isEqualTo("antimony|CN|CN|TH");
        assertThat(RouteDayKey.parse("a@b|CN|CN|TH@2024-02-29"))
                .isEqualTo(new RouteDayKey("a@b|CN|CN|TH", LocalDate.of(2024, 2, 29)));
    }

    @Test
    void refusesAKeyWithoutAValidDay() {
        for (String bad :
                new String[] {
                    "antimony|CN|CN|TH",
                    "antimony|CN|CN|TH@2025-1-06",
                    "antimony|CN|CN|TH@2025-02-30",
                    "antimony|CN|CN|TH@2025/01/06",
                    "antimony|CN|CN|TH@2025-01-0x"
                }) {
            assertThatThrownBy(() -> RouteDayKey.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not a route-day key: '" + bad + "'");
        }
    }
}

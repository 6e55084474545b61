package io.lodestone.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DifferencesTest {

    @Test
    void namesEachKeyMissingExtraOrChangedInKeyOrderAndCountsThoseLeftOut() {
        Map<String, Integer> expected = Map.of("a", 1, "b", 2, "c", 3, "d", 4);
        Map<String, Integer> actual = Map.of("b", 2, "c", 30, "d", 4, "e", 5);

        assertThat(Differences.between(expected, actual, 10))
                .containsExactly("missing a = 1", "changed c: 3 became 30", "extra e = 5");
        assertThat(Differences.between(expected, actual, 1))
                .containsExactly("missing a = 1", "… 2 more");
        assertThat(Differences.between(expected, Map.copyOf(expected), 10)).isEmpty();
    }
}

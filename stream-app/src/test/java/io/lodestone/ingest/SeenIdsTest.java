package io.lodestone.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeenIdsTest {

    @Test
    void neverForgetsAnIdAndRarelyClaimsOneItWasNotGiven() {
        SeenIds ids = new SeenIds();
        int added = 3 * SeenIds.IDS_PER_FILTER + 17;
        for (int i = 0; i < added; i++) {
            ids.add("SHP-" + i);
        }
        assertThat(ids.filters()).isEqualTo(4);
        for (int i = 0; i < added; i++) {
            assertThat(ids.mightContain("SHP-" + i)).as("SHP-" + i).isTrue();
        }
        int falseMaybes = 0;
        int others = 100_000;
        for (int i = 0; i < others; i++) {
            if (ids.mightContain("DECL-" + i)) {
                falseMaybes++;
            }
        }
        // about 1% per full filter, three full and one nearly empty
        assertThat(falseMaybes).isBetween(1, others * 4 / 100);
    }

    @Test
    void anEmptyOneHasSeenNothing() {
        assertThat(new SeenIds().mightContain("SHP-1")).isFalse();
        assertThat(new SeenIds().filters()).isZero();
    }
}

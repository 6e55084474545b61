package io.lodestone.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Route-day totals do not depend on the order their shipments are added in. */
class RouteTotalsTest {

    @Test
    void shipmentsAddedInAnyOrderGiveTheSameTotalToTheLastBit() {
        Random random = new Random(7);
        List<RouteTotals> shipments = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // declared to 0.1 kg and to the cent, as customs declarations are
            shipments.add(
                    new RouteTotals(
                                    Math.round(random.nextDouble() * 250_000) / 10.0,
                                    Math.round(random.nextDouble() * 100_000_000) / 100.0,
                                    1)
                            .plus(RouteTotals.EMPTY));
        }
        RouteTotals inOrder = sum(shipments);
        for (int shuffle = 0; shuffle < 20; shuffle++) {
            Collections.shuffle(shipments, random);
            assertThat(sum(shipments)).isEqualTo(inOrder);
        }
        assertThat(inOrder.shipmentCount()).isEqualTo(200);
        double plain = 0;
        for (RouteTotals s : shipments) {
            plain += s.netWeightKg();
        }
        assertThat(inOrder.netWeightKg())
                .isCloseTo(plain, org.assertj.core.data.Offset.offset(1e-6));
    }

    private static RouteTotals sum(List<RouteTotals> shipments) {
        RouteTotals total = RouteTotals.EMPTY;
        for (RouteTotals s : shipments) {
            total = total.plus(s);
        }
        return total;
    }
}

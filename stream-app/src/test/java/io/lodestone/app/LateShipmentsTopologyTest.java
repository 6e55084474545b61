package io.lodestone.app;

import static io.lodestone.testing.Shipments.shipment;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.alerts.Detail;
import io.lodestone.avro.Shipment;
import io.lodestone.testing.DriverRun;
import io.lodestone.testing.DriverRun.Outcome;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shipments that come late, through the whole production topology (TopologyTestDriver): with the
 * default {@code window.grace} of 120 days, one that lands in a month already judged is counted and
 * the month judged again, its alerts revised or withdrawn, so the late arrival order ends in the
 * alerts and route volumes of the ordered one. Later than the grace, a shipment goes to the DLQ as
 * TOO_LATE.
 */
class LateShipmentsTopologyTest {

    private static final String ROUTE = "antimony|AU|AU|JP";

    /** The defaults: window.grace P120D. */
    private static final Map<String, String> DEFAULTS = Map.of();

    @TempDir Path ordered;
    @TempDir Path late;

    /**
     * Four 20 t declarations a month through 2024, twenty in January 2025 (a surge), four a month
     * after, to March 20: in event-time order.
     */
    private static List<Shipment> history() {
        List<Shipment> all = new ArrayList<>();
        for (YearMonth m = YearMonth.of(2024, 1);
                !m.isAfter(YearMonth.of(2025, 3));
                m = m.plusMonths(1)) {
            int perMonth = m.equals(YearMonth.of(2025, 1)) ? 20 : 4;
            for (int i = 0; i < perMonth; i++) {
                all.add(declared("S-" + m + "-" + i, m.atDay(1 + i), 20_000));
            }
        }
        return all;
    }

    /** Sixteen 20 t declarations of 15 December 2024: the surge began a month earlier. */
    private static List<Shipment> december() {
        List<Shipment> all = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            all.add(declared("S-DEC-" + i, LocalDate.of(2024, 12, 15), 20_000));
        }
        return all;
    }

    private static Shipment declared(String id, LocalDate day, double kg) {
        return shipment(id, day + "T08:00:00Z", "8110", "AU", "AU", "JP", kg, 100_000.0).build();
    }

    private static Outcome run(Path stateDir, List<Shipment> arrivals) {
        return DriverRun.run(stateDir, DEFAULTS, arrivals);
    }

    /** The alerts that stand, as "id: summary". */
    private static Map<String, String> standing(Outcome outcome) {
        Map<String, String> standing = new TreeMap<>();
        outcome.standing().forEach((id, alert) -> standing.put(id, alert.getSummary()));
        return standing;
    }

    @Test
    void aLateMonthRevisesTheJudgementsSoTheEndIsTheOrderedOne() {
        List<Shipment> inOrder = new ArrayList<>(history());
        inOrder.addAll(december());
        inOrder.sort(
                java.util.Comparator.comparing(Shipment::getEventTime)
                        .thenComparing(Shipment::getShipmentId));
        Outcome expected = run(ordered, inOrder);
        assertThat(standing(expected))
                .as("in order, the surge began in December")
                .containsOnlyKeys("VOLUME_SURGE:" + ROUTE + ":2024-12");

        // December's declarations come after March 20: 95 days late, within the 120-day grace
        List<Shipment> arrivals = new ArrayList<>(history());
        arrivals.addAll(december());
        // and one of September, 176 days late: beyond it
        arrivals.add(declared("S-SEP-LATE", LocalDate.of(2024, 9, 20), 20_000));
        Outcome revised = run(late, arrivals);

        assertThat(revised.alerts().get("VOLUME_SURGE:" + ROUTE + ":2025-01"))
                .as("judged on time on what had come: January's surge, then withdrawn")
                .satisfies(
                        a -> {
                            assertThat(Detail.STATUS.in(a)).isEqualTo(Detail.WITHDRAWN);
                            assertThat(Detail.REVISION.in(a)).isEqualTo("2");
                        });
        assertThat(standing(revised)).isEqualTo(standing(expected));
        assertThat(revised.volumes()).isEqualTo(expected.volumes());
        assertThat(revised.volumes())
                .as("4 days a month for 14 months, 20 in January, and 15 December")
                .hasSize(14 * 4 + 20 + 1);
        assertThat(expected.deadLetters()).isEmpty();
        assertThat(revised.deadLetters()).containsExactly("S-SEP-LATE TOO_LATE");
    }
}

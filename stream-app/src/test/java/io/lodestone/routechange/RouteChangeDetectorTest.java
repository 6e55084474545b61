package io.lodestone.routechange;

import static io.lodestone.testing.Shipments.shipment;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import io.lodestone.avro.Shipment;
import io.lodestone.testing.AlertsFixture;
import io.lodestone.testing.AlertsFixture.Detector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VOLUME_SURGE and VOLUME_COLLAPSE in the production topology, month by month, with exact evidence.
 */
class RouteChangeDetectorTest {

    @TempDir Path stateDir;

    private AlertsFixture topology;
    private final List<Shipment> plan = new ArrayList<>();

    @BeforeEach
    void start() {
        topology = new AlertsFixture(stateDir, Map.of(), Set.of(Detector.ROUTE_CHANGES));
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    /**
     * Australian graphite to {@code destination}: {@code tonnes} a month from January 2025, in
     * shipments of {@code perShipment} tonnes (the last one smaller), one a day from the 1st (more
     * on the same days).
     */
    private void route(String destination, double perShipment, double... tonnes) {
        for (int month = 0; month < tonnes.length; month++) {
            for (int i = 0; i * perShipment < tonnes[month]; i++) {
                String time =
                        String.format(
                                "2025-%02d-%02dT%02d:00:00Z", month + 1, 1 + i % 28, 8 + i / 28);
                plan.add(
                        shipment(
                                        "SHP-" + destination + "-" + (month + 1) + "-" + i,
                                        time,
                                        "25041000",
                                        "AU",
                                        "AU",
                                        destination,
                                        Math.min(perShipment, tonnes[month] - i * perShipment)
                                                * 1000,
                                        1.0)
                                .build());
            }
        }
    }

    private Map<String, Alert> run() {
        plan.sort(Comparator.comparing(Shipment::getEventTime));
        plan.forEach(topology::ship);
        return topology.alerts().stream().collect(Collectors.toMap(Alert::getAlertId, a -> a));
    }

    @Test
    void surgesCollapsesAndBaseEffectsAreJudgedPerClosedMonth() {
        // half a year of history, then July (and August, which September closes)
        route(
                "JP", 2, 30, 30, 30, 30, 30, 30, 30, 30,
                30); // steady: nothing (September closes August)
        route("KR", 2, 30, 30, 30, 30, 30, 30, 120, 120); // 4× a steady flow: surge
        route("DE", 2, 30, 30, 30, 30, 30, 1, 100, 100); // after a near-zero month: base effect
        route("FR", 2, 2, 2, 2, 2, 2, 2, 15); // 1 a month, then 8 in a month: not yet unlikely
        // enough
        route("IT", 2, 40, 40, 40, 40, 40, 40); // silent from July: collapse
        route(
                "SE", 40, 40, 40, 40, 40, 40,
                40); // one shipment a month, silent from July: chance, nothing
        route(
                "NL", 30, 30, 30, 30, 30, 30, 30, 120,
                120); // 4× the tonnage in 4 shipments instead of 1: chance, nothing

        Map<String, Alert> found = run();

        assertThat(found)
                .containsOnlyKeys(
                        "VOLUME_SURGE:graphite|AU|AU|KR:2025-07",
                        "VOLUME_SURGE:graphite|AU|AU|DE:2025-07",
                        "VOLUME_SURGE:graphite|AU|AU|FR:2025-07",
                        "VOLUME_COLLAPSE:graphite|AU|AU|IT:2025-07");
        Alert surge = found.get("VOLUME_SURGE:graphite|AU|AU|KR:2025-07");
        assertThat(surge.getSeverity()).isEqualTo(Severity.WARNING);
        assertThat(surge.getEvidence())
                .containsEntry("observedKg", 120_000.0)
                .containsEntry("baselineKg", 30_000.0)
                .containsEntry("ratio", 4.0)
                .containsEntry("baseEffect", 0.0)
                .containsEntry("observedShipments", 60.0)
                .containsEntry("baselineShipments", 15.0);
        assertThat(surge.getSummary())
                .isEqualTo(
                        "graphite AU→AU→KR: 120.0 t a month in 2025-07, 4.0× the 30.0 t monthly"
                                + " mean of the 6 months before.");
        assertThat(surge.getWindowStart()).hasToString("2025-07-01T00:00:00Z");
        assertThat(surge.getWindowEnd()).hasToString("2025-08-01T00:00:00Z");

        Alert baseEffect = found.get("VOLUME_SURGE:graphite|AU|AU|DE:2025-07");
        assertThat(baseEffect.getSeverity()).isEqualTo(Severity.INFO);
        assertThat(baseEffect.getEvidence())
                .containsEntry("baseEffect", 1.0)
                .containsEntry("previousMonthKg", 1_000.0);
        assertThat(baseEffect.getSummary()).endsWith("(a base effect: 1.0 t the month before).");

        Alert collapse = found.get("VOLUME_COLLAPSE:graphite|AU|AU|IT:2025-07");
        assertThat(collapse.getEvidence())
                .containsEntry("observedKg", 0.0)
                .containsEntry("baselineKg", 40_000.0);
        assertThat(collapse.getSummary())
                .isEqualTo(
                        "graphite AU→AU→IT: 0.0 t a month in 2025-07 against a 40.0 t monthly mean"
                                + " of the 6 months before (100% down).");
    }
}

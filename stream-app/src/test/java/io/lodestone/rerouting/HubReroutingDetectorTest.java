package io.lodestone.rerouting;

import static io.lodestone.testing.Shipments.shipment;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Alert;
import io.lodestone.avro.Shipment;
import io.lodestone.testing.AlertsFixture;
import io.lodestone.testing.AlertsFixture.Detector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REROUTING_SUSPECTED in the production topology: the antimony diversion, and the two look-alikes
 * it must not call rerouting.
 */
class HubReroutingDetectorTest {

    @TempDir Path stateDir;

    private AlertsFixture topology;
    private final List<Shipment> plan = new ArrayList<>();

    @BeforeEach
    void start() {
        topology = new AlertsFixture(stateDir, Map.of(), Set.of(Detector.HUB_REROUTING));
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    /**
     * {@code tonnes} a month from January 2025 (0: none that month), in shipments of 5 t from the
     * 1st on: enough shipments that a change in their number is significant.
     */
    private void route(
            String hs, String origin, String export, String destination, double... tonnes) {
        for (int month = 0; month < tonnes.length; month++) {
            for (int i = 0; i * 5 < tonnes[month]; i++) {
                plan.add(
                        shipment(
                                        String.join(
                                                "-",
                                                "SHP",
                                                hs,
                                                export,
                                                destination,
                                                String.valueOf(month + 1),
                                                String.valueOf(i)),
                                        String.format("2025-%02d-%02dT08:00:00Z", month + 1, i + 1),
                                        hs,
                                        origin,
                                        export,
                                        destination,
                                        Math.min(5, tonnes[month] - i * 5) * 1000,
                                        1.0)
                                .build());
            }
        }
    }

    private List<Alert> rerouting() {
        plan.add(
                shipment(
                                "SHP-TICK",
                                "2025-06-10T08:00:00Z",
                                "28369100",
                                "CL",
                                "CL",
                                "CN",
                                1_000,
                                1.0)
                        .build()); // closes May
        plan.sort(Comparator.comparing(Shipment::getEventTime));
        plan.forEach(topology::ship);
        return topology.alerts().stream()
                .filter(a -> a.getType().equals("REROUTING_SUSPECTED"))
                .toList();
    }

    @Test
    void theAntimonyDiversionThroughThailandIsNamedWithTheDivertedTonnage() {
        route("28258000", "CN", "CN", "US", 100, 100, 100, 0, 0); // direct: stops in April
        route("28258000", "CN", "CN", "TH", 10, 10, 10, 80, 10); // into the hub: surges
        route(
                "28258000",
                "TH",
                "TH",
                "US",
                10,
                10,
                10,
                70,
                10); // out of the hub, declared Thai: surges
        route(
                "28258000",
                "CN",
                "CN",
                "JP",
                10,
                10,
                10,
                80,
                10); // a rise into JP, with nothing out of JP to the US

        List<Alert> found = rerouting();

        // one episode: called in April, updated with May's evidence under the same id
        assertThat(found)
                .extracting(Alert::getAlertId)
                .containsExactly(
                        "REROUTING_SUSPECTED:antimony|CN|US:2025-04",
                        "REROUTING_SUSPECTED:antimony|CN|US:2025-04");
        Alert first = found.get(0);
        assertThat(first.getHubCountries()).containsExactly("TH");
        assertThat(first.getDetails())
                .containsEntry("revision", "1")
                .containsEntry("method", "change point")
                .containsEntry("judgedMonth", "2025-04");
        assertThat(first.getEvidence())
                .containsEntry("directBeforeKg", 100_000.0)
                .containsEntry("directAfterKg", 0.0)
                .containsEntry("toHubBeforeKg.TH", 10_000.0)
                .containsEntry("toHubAfterKg.TH", 80_000.0)
                .containsEntry("fromHubBeforeKg.TH", 10_000.0)
                .containsEntry("fromHubAfterKg.TH", 70_000.0)
                .containsEntry("divertedKg.TH", 60_000.0)
                .containsEntry("divertedKg", 60_000.0)
                .containsEntry("monthsCovered", 1.0)
                .containsEntry("monthsToDetect", 1.0);
        assertThat(first.getSummary())
                .isEqualTo(
                        "antimony CN→US fell from 100.0 t to 0.0 t a month in 2025-04 while flows"
                                + " through TH rose: about 60.0 t diverted.");
        Alert update = found.get(1);
        assertThat(update.getDetails())
                .containsEntry("revision", "2")
                .containsEntry("judgedMonth", "2025-05");
        assertThat(update.getEvidence())
                .containsEntry("directAfterKg", 0.0)
                .containsEntry("toHubAfterKg.TH", 45_000.0)
                .containsEntry("fromHubAfterKg.TH", 40_000.0)
                .containsEntry("divertedKg", 60_000.0)
                .containsEntry("monthsCovered", 2.0)
                .containsEntry("monthsToDetect", 1.0);
        assertThat(update.getSummary())
                .isEqualTo(
                        "antimony CN→US fell from 100.0 t to 0.0 t a month in 2025-04..2025-05"
                                + " while flows through TH rose: about 60.0 t diverted.");
    }

    @Test
    void aCollapseToEveryDestinationWithNoHubSurgeIsNotRerouting() {
        route("81129230", "CN", "CN", "US", 30, 30, 30, 0, 0); // germanium to the US stops
        route("81129230", "CN", "CN", "DE", 30, 30, 30, 1, 1); // and to Germany
        route("81129230", "CN", "CN", "JP", 30, 30, 30, 2, 2); // and to Japan
        assertThat(rerouting()).isEmpty();
    }

    @Test
    void aSurgeOfTheDirectFlowIsNotRerouting() {
        route("81129210", "CN", "CN", "US", 5, 5, 1, 120, 120); // gallium to the US jumps
        route("81129210", "CN", "CN", "JP", 10, 10, 10, 80, 10);
        route("81129210", "JP", "JP", "US", 10, 10, 10, 70, 10);
        assertThat(rerouting()).isEmpty();
    }
}

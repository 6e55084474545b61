package io.lodestone.rerouting;

import static io.lodestone.testing.Shipments.shipment;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Alert;
import io.lodestone.avro.Shipment;
import io.lodestone.testing.AlertsFixture;
import io.lodestone.testing.AlertsFixture.Detector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ORIGIN_REEXPORT and TRANSSHIPMENT_CHAIN in the production topology under TopologyTestDriver. */
class ReroutingDetectorsTest {

    @TempDir Path stateDir;

    private AlertsFixture topology;

    @BeforeEach
    void start() {
        topology =
                new AlertsFixture(
                        stateDir,
                        Map.of(),
                        Set.of(Detector.ORIGIN_REEXPORTS, Detector.TRANSSHIPMENT_CHAINS));
    }

    @AfterEach
    void stop() {
        topology.close();
    }

    private void ship(Shipment s) {
        topology.ship(s);
    }

    private List<Alert> alerts(String type) {
        return topology.alerts().stream().filter(a -> a.getType().equals(type)).toList();
    }

    /**
     * Antimony oxide into Thailand from China, consigned to the Thai trader (licensed, so no
     * compliance alert).
     */
    private static Shipment.Builder toSiam(String id, String time, double kg) {
        return shipment(id, time, "28258000", "CN", "CN", "TH", kg, 1.0)
                .setExporterId("CN-EXP-1")
                .setLicenseId(null)
                .setConsigneeName("Siam Antimony Trading Co., Ltd.");
    }

    /** The Thai trader's export of antimony oxide, declared of Thai origin. */
    private static Shipment.Builder fromSiam(
            String id, String time, String destination, double kg) {
        return shipment(id, time, "28258000", "TH", "TH", destination, kg, 1.0)
                .setExporterName("SIAM ANTIMONY TRADING CO LTD");
    }

    @Test
    void aHubExportDeclaringTheRestrictedOriginIsAnOriginReexport() {
        ship(
                shipment(
                                "SHP-BEFORE",
                                "2024-11-20T08:00:00Z",
                                "28258000",
                                "CN",
                                "TH",
                                "US",
                                9_000,
                                1.0)
                        .build()); // before the ban
        ship(
                shipment(
                                "SHP-TH-ORIGIN",
                                "2025-02-01T08:00:00Z",
                                "28258000",
                                "TH",
                                "TH",
                                "US",
                                9_000,
                                1.0)
                        .build());
        ship(
                shipment(
                                "SHP-CN-VIA-TH",
                                "2025-02-02T08:00:00Z",
                                "28258000",
                                "CN",
                                "TH",
                                "US",
                                12_000,
                                1.0)
                        .build());
        ship(
                shipment(
                                "SHP-CN-VIA-TH-JP",
                                "2025-02-03T08:00:00Z",
                                "28258000",
                                "CN",
                                "TH",
                                "JP",
                                12_000,
                                1.0)
                        .build()); // not restricted

        List<Alert> found = alerts("ORIGIN_REEXPORT");
        assertThat(found)
                .extracting(Alert::getAlertId)
                .containsExactly("ORIGIN_REEXPORT:SHP-CN-VIA-TH");
        Alert a = found.get(0);
        assertThat(a.getHubCountries()).containsExactly("TH");
        assertThat(a.getOriginCountry()).isEqualTo("CN");
        assertThat(a.getImportCountry()).isEqualTo("US");
        assertThat(a.getDetails()).containsEntry("restrictedSince", "2024-12-03");
        assertThat(a.getSummary())
                .isEqualTo(
                        "SHP-CN-VIA-TH: 12.0 t of antimony of CN origin shipped TH→US by Exporter"
                                + " TH, although CN→US is restricted since 2024-12-03.");
    }

    @Test
    void aHubCompanyThatReceivesFromChinaAndShipsASimilarQuantityToTheUsIsAChain() {
        ship(toSiam("IN-1", "2025-01-10T08:00:00Z", 20_000).build());
        ship(fromSiam("OUT-1", "2025-02-01T08:00:00Z", "US", 19_000).build());
        topology.passTime("2025-02-03T00:00:00Z");
        assertThat(alerts("TRANSSHIPMENT_CHAIN"))
                .as("judged only once no earlier inbound leg can arrive (window grace + 1 day)")
                .isEmpty();
        topology.passTime("2025-02-05T00:00:00Z"); // watermarks move in steps of a day

        List<Alert> found = alerts("TRANSSHIPMENT_CHAIN");
        assertThat(found).hasSize(1);
        Alert chain = found.get(0);
        assertThat(chain.getAlertId()).isEqualTo("TRANSSHIPMENT_CHAIN:OUT-1");
        assertThat(chain.getShipmentIds()).containsExactly("IN-1", "OUT-1");
        assertThat(chain.getHubCountries()).containsExactly("TH");
        assertThat(chain.getOriginCountry()).isEqualTo("CN");
        assertThat(chain.getImportCountry()).isEqualTo("US");
        assertThat(chain.getEvidence())
                .containsEntry("inboundNetWeightKg", 20_000.0)
                .containsEntry("outboundNetWeightKg", 19_000.0)
                .containsEntry("weightRatio", 0.95)
                .containsEntry("daysBetween", 22.0);
        assertThat(chain.getDetails()).containsEntry("company", "siam antimony trading");
    }

    @Test
    void noChainWithoutTheSameCompanyASimilarQuantityTheRightOrderAndARestrictedDestination() {
        ship(toSiam("IN-1", "2025-01-10T08:00:00Z", 20_000).build());
        ship(
                fromSiam("OUT-EARLIER", "2025-01-09T08:00:00Z", "US", 20_000)
                        .build()); // before the inbound leg
        ship(
                fromSiam("OUT-SMALL", "2025-01-20T08:00:00Z", "US", 5_000)
                        .build()); // not quantity-matched
        ship(
                fromSiam("OUT-JP", "2025-01-21T08:00:00Z", "JP", 20_000)
                        .build()); // JP is not restricted
        ship(
                fromSiam("OUT-OTHER", "2025-01-22T08:00:00Z", "US", 20_000)
                        .setExporterName("Bangkok Oxides Ltd")
                        .build());
        ship(fromSiam("OUT-LATE", "2025-05-01T08:00:00Z", "US", 20_000).build()); // 111 days later
        topology.passTime("2025-06-01T00:00:00Z");

        assertThat(alerts("TRANSSHIPMENT_CHAIN")).isEmpty();
    }

    @Test
    void eachOutboundLegIsReportedOnceEvenWhenSeveralPurchasesMatchIt() {
        ship(toSiam("IN-1", "2025-01-10T08:00:00Z", 20_000).build());
        ship(toSiam("IN-2", "2025-01-17T08:00:00Z", 21_000).build());
        ship(fromSiam("OUT-1", "2025-02-01T08:00:00Z", "US", 20_500).build());
        topology.passTime("2025-03-01T00:00:00Z");

        List<Alert> found = alerts("TRANSSHIPMENT_CHAIN");
        assertThat(found)
                .extracting(Alert::getAlertId)
                .containsExactly("TRANSSHIPMENT_CHAIN:OUT-1");
        assertThat(found.get(0).getShipmentIds())
                .as("the earliest purchase that matches")
                .containsExactly("IN-1", "OUT-1");
    }
}

package io.lodestone.unitvalue;

import static io.lodestone.testing.Shipments.shipment;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.alerts.Detail;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.registry.AvroSerdes;
import io.lodestone.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit-value judge in the production topology: a month is judged once the watermark is past its
 * end and the delay, against the 12 months before; an amendment that lands in a judged month
 * revises what it made.
 */
class UnitValueTopologyTest {

    @TempDir Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Shipment> shipments;
    private TestOutputTopic<String, Alert> alerts;

    @BeforeEach
    void start() {
        LodestoneConfig config = TestConfigs.forDriver(stateDir, Map.of());
        AvroSerdes serdes = TestConfigs.inMemorySerdes();
        driver = TestConfigs.driver(config, serdes);
        shipments =
                driver.createInputTopic(
                        config.topics().shipments(),
                        new StringSerializer(),
                        serdes.shipment().serializer());
        alerts =
                driver.createOutputTopic(
                        config.topics().alerts(),
                        new StringDeserializer(),
                        serdes.alert().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(Shipment s) {
        shipments.pipeInput(s.getShipmentId(), s, s.getEventTime());
    }

    /** Australian antimony oxide to Japan (no licence, no restriction) at {@code usdPerKg}. */
    private Shipment oxide(String id, String day, String exporter, double usdPerKg) {
        return shipment(id, day + "T08:00:00Z", "28258000", "AU", "AU", "JP", 20_000, null)
                .setValueUsd(usdPerKg * 20_000)
                .setExporterId(exporter)
                .setExporterName(exporter + " Pty Ltd")
                .build();
    }

    private List<Alert> unitValueAlerts() {
        return alerts.readValuesToList().stream()
                .filter(a -> a.getType().equals("UNIT_VALUE_ANOMALY"))
                .toList();
    }

    @Test
    void anUnderInvoicedMonthIsOneAlertAndAnAmendmentToAFairPriceWithdrawsIt() {
        double[] prices = {11.5, 12.0, 12.6};
        int n = 0;
        for (YearMonth m = YearMonth.of(2024, 1); m.isBefore(YearMonth.of(2025, 1)); ) {
            for (int i = 0; i < 3; i++) {
                send(oxide("H-" + ++n, m.atDay(5 + 7 * i).toString(), "AU-EXP-1", prices[i]));
            }
            m = m.plusMonths(1);
        }
        // no value: never judged, never an anomaly
        send(
                shipment("NV-1", "2025-01-09T08:00:00Z", "28258000", "AU", "AU", "JP", 20_000, null)
                        .setExporterId("AU-EXP-7")
                        .build());
        Shipment cheap = oxide("U-1", "2025-01-10", "AU-EXP-9", 3.0);
        send(cheap);
        send(oxide("F-1", "2025-01-11", "AU-EXP-1", 12.1));
        assertThat(unitValueAlerts()).as("January is not closed").isEmpty();

        send(oxide("F-2", "2025-02-08", "AU-EXP-1", 12.0)); // January's end + 7 days
        List<Alert> sent = unitValueAlerts();
        assertThat(sent)
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getAlertId())
                                    .isEqualTo("UNIT_VALUE_ANOMALY:AU-EXP-9:282580:2025-01");
                            assertThat(a.getShipmentIds()).containsExactly("U-1");
                            assertThat(a.getCommodity()).isEqualTo("antimony");
                            assertThat(a.getExporterId()).isEqualTo("AU-EXP-9");
                            assertThat(Detail.DIRECTION.in(a)).isEqualTo("UNDER");
                            assertThat(Detail.BAND_BASIS.in(a)).isEqualTo("origin AU");
                            assertThat(a.getEvidence().get("usdPerKg")).isEqualTo(3.0);
                            assertThat(a.getEvidence().get("bandMedianUsdPerKg"))
                                    .isBetween(11.9, 12.1);
                            assertThat(a.getEvidence().get("bandDeclarations")).isEqualTo(36.0);
                        });

        send(Shipment.newBuilder(cheap).setRevision(2).setValueUsd(12.2 * 20_000).build());
        driver.advanceWallClockTime(Duration.ofSeconds(6));
        assertThat(unitValueAlerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getAlertId())
                                    .isEqualTo("UNIT_VALUE_ANOMALY:AU-EXP-9:282580:2025-01");
                            assertThat(Detail.STATUS.in(a)).isEqualTo(Detail.WITHDRAWN);
                            assertThat(Detail.REVISION.in(a)).isEqualTo("2");
                        });
    }
}

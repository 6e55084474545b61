package io.lodestone.testing;

import io.lodestone.avro.Alert;
import io.lodestone.avro.Case;
import io.lodestone.avro.License;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.registry.AvroSerdes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology under TopologyTestDriver (serdes over an in-memory registry), fed
 * shipments, read for alerts.
 */
public final class AlertsFixture implements AutoCloseable {

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, Shipment> shipments;
    private final TestInputTopic<String, License> licences;
    private final TestOutputTopic<String, Alert> alerts;
    private final TestOutputTopic<String, Case> cases;

    public AlertsFixture(Path stateDir, Map<String, String> settings) {
        LodestoneConfig config = TestConfigs.forDriver(stateDir, settings);
        AvroSerdes serdes = TestConfigs.inMemorySerdes();
        driver = TestConfigs.driver(config, serdes);
        shipments =
                driver.createInputTopic(
                        config.topics().shipments(),
                        new StringSerializer(),
                        serdes.shipment().serializer());
        licences =
                driver.createInputTopic(
                        config.topics().licenses(),
                        new StringSerializer(),
                        serdes.license().serializer());
        alerts =
                driver.createOutputTopic(
                        config.topics().alerts(),
                        new StringDeserializer(),
                        serdes.alert().deserializer());
        cases =
                driver.createOutputTopic(
                        config.topics().cases(),
                        new StringDeserializer(),
                        serdes.lodestoneCase().deserializer());
    }

    public void ship(Shipment s) {
        shipments.pipeInput(s.getShipmentId(), s);
    }

    public void licence(License l) {
        licences.pipeInput(l.getLicenseId(), l);
    }

    /**
     * Lets event time pass: a benign shipment (Australian graphite to Japan) at {@code time} moves
     * the watermark, so the judgements that wait for it (closed months, chains) happen.
     */
    public void passTime(String time) {
        ship(
                Shipments.shipment("PASS-TIME-" + time, time, "25041000", "AU", "AU", "JP", 1, 1.0)
                        .build());
    }

    /** The alerts written since the last call. */
    public List<Alert> alerts() {
        return alerts.readRecordsToList().stream().map(TestRecord::value).toList();
    }

    /** The case records written since the last call. */
    public List<Case> cases() {
        return cases.readRecordsToList().stream().map(TestRecord::value).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}

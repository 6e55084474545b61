package io.lodestone.testing;

import io.lodestone.alerts.Detail;
import io.lodestone.avro.Alert;
import io.lodestone.avro.License;
import io.lodestone.avro.RouteVolume;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.revision.LateMonths;
import io.lodestone.schemas.dlq.DlqHeaders;
import io.lodestone.schemas.registry.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology under TopologyTestDriver fed a list of shipments and licences in arrival
 * order, and what it left: the newest record of each alert, the newest total of each route-day and
 * the DLQ. At the end the wall clock moves on by two revision rounds, so routes with late shipments
 * and the pairs their revised reports are legs of are judged again, as a running app would within
 * seconds.
 */
public final class DriverRun {

    private DriverRun() {}

    /** What a run left. */
    public record Outcome(
            Map<String, Alert> alerts, Map<String, RouteVolume> volumes, List<String> deadLetters) {

        /** The alerts that stand (the newest record of each id, not withdrawn). */
        public Map<String, Alert> standing() {
            Map<String, Alert> standing = new TreeMap<>(alerts);
            standing.values().removeIf(a -> Detail.WITHDRAWN.equals(Detail.STATUS.in(a)));
            return standing;
        }
    }

    /** {@code arrivals}: {@link Shipment}s and {@link License}s in the order they arrive. */
    public static Outcome run(
            Path stateDir, Map<String, String> settings, List<? extends SpecificRecord> arrivals) {
        LodestoneConfig config = TestConfigs.forDriver(stateDir, settings);
        AvroSerdes serdes = TestConfigs.inMemorySerdes();
        try (TopologyTestDriver driver = TestConfigs.driver(config, serdes)) {
            TestInputTopic<String, Shipment> shipments =
                    driver.createInputTopic(
                            config.topics().shipments(),
                            new StringSerializer(),
                            serdes.shipment().serializer());
            TestInputTopic<String, License> licences =
                    driver.createInputTopic(
                            config.topics().licenses(),
                            new StringSerializer(),
                            serdes.license().serializer());
            for (SpecificRecord record : arrivals) {
                if (record instanceof Shipment s) {
                    shipments.pipeInput(s.getShipmentId(), s, s.getEventTime());
                } else if (record instanceof License l) {
                    licences.pipeInput(l.getLicenseId(), l, l.getEventTime());
                } else {
                    throw new IllegalArgumentException(
                            "neither a shipment nor a licence: " + record);
                }
            }
            // two rounds: the route judge's, then the hub judge's on the reports it revised
            driver.advanceWallClockTime(LateMonths.JUDGE_AGAIN_EVERY);
            driver.advanceWallClockTime(LateMonths.JUDGE_AGAIN_EVERY);
            List<Alert> alerts =
                    driver.createOutputTopic(
                                    config.topics().alerts(),
                                    new StringDeserializer(),
                                    serdes.alert().deserializer())
                            .readValuesToList();
            Map<String, RouteVolume> volumes = new TreeMap<>();
            for (TestRecord<String, RouteVolume> r :
                    driver.createOutputTopic(
                                    config.topics().routeVolumes(),
                                    new StringDeserializer(),
                                    serdes.routeVolume().deserializer())
                            .readRecordsToList()) {
                volumes.put(r.key() + "@" + r.value().getWindowStart(), r.value());
            }
            List<String> deadLetters =
                    driver
                            .createOutputTopic(
                                    config.topics().dlq(),
                                    new ByteArrayDeserializer(),
                                    new ByteArrayDeserializer())
                            .readRecordsToList()
                            .stream()
                            .map(
                                    r ->
                                            new String(r.key(), StandardCharsets.UTF_8)
                                                    + " "
                                                    + new String(
                                                            r.headers()
                                                                    .lastHeader(DlqHeaders.REASON)
                                                                    .value(),
                                                            StandardCharsets.UTF_8))
                            .toList();
            return new Outcome(AlertRecords.newestById(alerts), volumes, deadLetters);
        }
    }
}

package io.lodestone.testing;

import io.lodestone.alerts.AlertSink;
import io.lodestone.app.LodestoneTopology;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Case;
import io.lodestone.avro.License;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.ingest.Accepted;
import io.lodestone.reference.ReferenceData;
import io.lodestone.rerouting.HubReroutingDetector;
import io.lodestone.rerouting.OriginReexportDetector;
import io.lodestone.rerouting.TransshipmentChainDetector;
import io.lodestone.routechange.MonthReport;
import io.lodestone.routechange.RouteChangeDetector;
import io.lodestone.schemas.registry.AvroSerdes;
import io.lodestone.watermark.Upstream;
import io.lodestone.watermark.Watermarked;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology, or some of its detectors alone, under TopologyTestDriver (serdes over an
 * in-memory registry), fed shipments, read for alerts.
 */
public final class AlertsFixture implements AutoCloseable {

    /** The detectors that judge shipments without licences, each built as the production does. */
    public enum Detector {
        /** Route-day totals and the monthly route judge: VOLUME_SURGE, VOLUME_COLLAPSE. */
        ROUTE_CHANGES,
        /** The route judge and, on its month reports, the hub judge: REROUTING_SUSPECTED. */
        HUB_REROUTING,
        ORIGIN_REEXPORTS,
        TRANSSHIPMENT_CHAINS
    }

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, Shipment> shipments;
    private final TestInputTopic<String, License> licences;
    private final TestOutputTopic<String, Alert> alerts;
    private final TestOutputTopic<String, Case> cases;

    /** The whole production topology. */
    public AlertsFixture(Path stateDir, Map<String, String> settings) {
        this(stateDir, settings, null);
    }

    /**
     * The shipment intake (validation, de-duplication, lateness) and {@code detectors} only; the
     * whole production topology when null.
     */
    public AlertsFixture(Path stateDir, Map<String, String> settings, Set<Detector> detectors) {
        LodestoneConfig config = TestConfigs.forDriver(stateDir, settings);
        AvroSerdes serdes = TestConfigs.inMemorySerdes();
        driver =
                TestConfigs.driver(
                        detectors == null
                                ? LodestoneTopology.build(config, config.referenceData(), serdes, 1)
                                : detectorsAlone(config, serdes, detectors),
                        config);
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

    private static Topology detectorsAlone(
            LodestoneConfig config, AvroSerdes serdes, Set<Detector> detectors) {
        StreamsBuilder builder = new StreamsBuilder();
        ReferenceData reference = config.referenceData();
        AlertSink alerts = LodestoneTopology.alertSink(config.topics(), serdes);
        Upstream<Accepted> accepted =
                LodestoneTopology.acceptedShipments(builder, config, reference, serdes, 1);
        Upstream<Shipment> onTime = LodestoneTopology.controlledShipments(accepted, reference);
        if (detectors.contains(Detector.ROUTE_CHANGES)
                || detectors.contains(Detector.HUB_REROUTING)) {
            Upstream<Watermarked<MonthReport>> months =
                    RouteChangeDetector.build(
                            builder,
                            LodestoneTopology.routeVolumes(
                                    builder, config, reference, serdes, accepted),
                            LodestoneTopology.routeChangeSettings(config),
                            reference,
                            alerts);
            if (detectors.contains(Detector.HUB_REROUTING)) {
                HubReroutingDetector.build(
                        builder,
                        months,
                        LodestoneTopology.hubReroutingSettings(config),
                        reference,
                        alerts);
            }
        }
        if (detectors.contains(Detector.ORIGIN_REEXPORTS)) {
            OriginReexportDetector.build(onTime.stream(), reference, alerts);
        }
        if (detectors.contains(Detector.TRANSSHIPMENT_CHAINS)) {
            TransshipmentChainDetector.build(
                    builder,
                    onTime,
                    reference,
                    LodestoneTopology.chainSettings(config),
                    serdes.shipment(),
                    alerts);
        }
        return builder.build();
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

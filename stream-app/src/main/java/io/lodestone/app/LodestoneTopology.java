package io.lodestone.app;

import io.lodestone.alerts.AlertSink;
import io.lodestone.api.QueryApi;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Case;
import io.lodestone.cases.CaseSubject;
import io.lodestone.cases.CaseTopology;
import io.lodestone.avro.License;
import io.lodestone.avro.RouteVolume;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.ingest.EventTimeExtractor;
import io.lodestone.ingest.LateShipmentFilter;
import io.lodestone.ingest.ShipmentDeduplicator;
import io.lodestone.ingest.ShipmentValidator;
import io.lodestone.licensing.LicenceComplianceChecker;
import io.lodestone.licensing.LicenceVersions;
import io.lodestone.licensing.LicenseValidator;
import io.lodestone.metrics.AcceptedShipments;
import io.lodestone.metrics.RouteLabels;
import io.lodestone.reference.ReferenceData;
import io.lodestone.rerouting.HubReroutingDetector;
import io.lodestone.rerouting.MonthReport;
import io.lodestone.rerouting.OriginReexportDetector;
import io.lodestone.rerouting.RouteAnomalyDetector;
import io.lodestone.rerouting.TransshipmentChainDetector;
import io.lodestone.routes.RouteVolumeAggregator;
import io.lodestone.schemas.topics.RegistrySerdes;
import io.lodestone.schemas.topics.Topics;
import io.lodestone.watermark.Watermarked;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.common.utils.Bytes;

/**
 * The whole production topology, wired from its parts: shipments → validate (bad ones to the DLQ)
 * → de-duplicate → drop late ones → daily route volumes; → licence compliance against the versioned
 * licence table; → origin re-exports and transshipment chains → alerts → cases (with the analysts' decisions).
 * Tests build exactly this.
 */
public final class LodestoneTopology {

    private LodestoneTopology() {
    }

    /**
     * {@code shipmentPartitions}: partitions of the shipments topic, the number of tasks whose
     * watermarks the monthly judges wait for.
     */
    public static Topology build(LodestoneConfig config, ReferenceData reference, int shipmentPartitions) {
        Topics topics = config.topics();
        Serde<Shipment> shipmentSerde = RegistrySerdes.valueSerde(config.registry());
        Serde<RouteVolume> routeVolumeSerde = RegistrySerdes.valueSerde(config.registry());
        Serde<License> licenseSerde = RegistrySerdes.valueSerde(config.registry());
        Serde<Alert> alertSerde = RegistrySerdes.valueSerde(config.registry());
        Serde<Case> caseSerde = RegistrySerdes.valueSerde(config.registry());

        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Shipment> onTime = acceptedShipments(builder, config, reference, shipmentSerde);
        KStream<String, Watermarked<RouteVolume>> routeVolumes = RouteVolumeAggregator.build(builder, onTime, reference.catalogue(),
                config.routeVolumeRetention(), shipmentPartitions, config.watermarkIdleTimeout(), routeVolumeSerde,
                topics.routeVolumes());

        KStream<String, License> licenses = builder.stream(topics.licenses(),
                Consumed.with(Serdes.String(), licenseSerde).withTimestampExtractor(new EventTimeExtractor()));
        KTable<String, License> licenceVersions = LicenceVersions.build(LicenseValidator.build(licenses),
                config.licenseHistoryRetention(), licenseSerde);
        AlertSink alerts = new AlertSink(topics.alerts(), topics.caseAlerts(), alert -> CaseSubject.of(alert).caseId(), alertSerde);
        LicenceComplianceChecker.build(builder, onTime, licenceVersions, reference, config.licenseJoinGrace(), shipmentSerde,
                licenseSerde, alerts);
        OriginReexportDetector.build(onTime, reference, alerts);
        KStream<String, Watermarked<MonthReport>> months = RouteAnomalyDetector.build(builder, routeVolumes, config.anomalyThresholds(),
                reference.materiality(), alerts);
        HubReroutingDetector.build(builder, months, shipmentPartitions, reference, config.anomalyThresholds(), alerts);
        TransshipmentChainDetector.build(builder, onTime, reference, config.chainWindow(),
                RouteVolumeAggregator.WINDOW.plus(config.windowGrace()), config.chainTolerance(), shipmentPartitions,
                config.watermarkIdleTimeout(), shipmentSerde, alerts);

        CaseTopology.build(builder, topics, alertSerde, RegistrySerdes.valueSerde(config.registry()), caseSerde);

        // Every instance keeps all alerts, so the query API answers "latest alerts" without asking the others.
        builder.globalTable(topics.alerts(), Consumed.with(Serdes.String(), alertSerde),
                Materialized.<String, Alert, KeyValueStore<Bytes, byte[]>>as(QueryApi.ALERTS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(alertSerde));
        // ... and all cases, for the case API.
        builder.globalTable(topics.cases(), Consumed.with(Serdes.String(), caseSerde),
                Materialized.<String, Case, KeyValueStore<Bytes, byte[]>>as(QueryApi.CASES_VIEW)
                        .withKeySerde(Serdes.String()).withValueSerde(caseSerde));
        return builder.build();
    }

    /**
     * Only the route-volume part of {@link #build}: shipments → validate → de-duplicate → drop late ones →
     * daily route volumes, wired exactly as there. For the pipeline benchmark, which measures it alone.
     */
    public static Topology buildRouteVolumesOnly(LodestoneConfig config, ReferenceData reference, int shipmentPartitions) {
        Serde<Shipment> shipmentSerde = RegistrySerdes.valueSerde(config.registry());
        Serde<RouteVolume> routeVolumeSerde = RegistrySerdes.valueSerde(config.registry());
        StreamsBuilder builder = new StreamsBuilder();
        RouteVolumeAggregator.build(builder, acceptedShipments(builder, config, reference, shipmentSerde), reference.catalogue(),
                config.routeVolumeRetention(), shipmentPartitions, config.watermarkIdleTimeout(), routeVolumeSerde,
                config.topics().routeVolumes());
        return builder.build();
    }

    /** The shipments every stage after validation, de-duplication and the lateness check works on. */
    private static KStream<String, Shipment> acceptedShipments(StreamsBuilder builder, LodestoneConfig config, ReferenceData reference,
                                                               Serde<Shipment> shipmentSerde) {
        KStream<String, Shipment> shipments = builder.stream(config.topics().shipments(),
                Consumed.with(Serdes.String(), shipmentSerde).withTimestampExtractor(new EventTimeExtractor()));
        KStream<String, Shipment> valid = ShipmentValidator.build(shipments, reference.catalogue());
        KStream<String, Shipment> distinct = ShipmentDeduplicator.build(builder, valid, config.dedupRetention());
        return AcceptedShipments.build(LateShipmentFilter.build(distinct, RouteVolumeAggregator.WINDOW, config.windowGrace()),
                reference.catalogue(), new RouteLabels(config.metricsRouteLimit()));
    }
}

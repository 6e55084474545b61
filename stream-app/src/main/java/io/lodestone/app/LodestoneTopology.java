package io.lodestone.app;

import io.lodestone.alerts.AlertSink;
import io.lodestone.api.QueryApi;
import io.lodestone.cases.CaseSubject;
import io.lodestone.cases.CaseTopology;
import io.lodestone.watermark.Upstream;
import io.lodestone.wiring.AvroSerdes;
import io.lodestone.wiring.Wiring;
import io.lodestone.avro.License;
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
import io.lodestone.rerouting.OriginReexportDetector;
import io.lodestone.rerouting.RouteAnomalyDetector;
import io.lodestone.rerouting.TransshipmentChainDetector;
import io.lodestone.routes.RouteTotals;
import io.lodestone.routes.RouteVolumeAggregator;
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
 * The whole production topology, wired from its parts, each a class with a static {@code build}: shipments → validate
 * (bad ones to the DLQ) → de-duplicate → drop late ones → daily route volumes → the monthly route judge (surges,
 * collapses) → the hub judge (rerouting through third countries); shipments → licence compliance against the
 * versioned licence table, origin re-exports and transshipment chains; every alert → its case, with the analysts'
 * decisions. docs/architecture.md draws it from {@link org.apache.kafka.streams.Topology#describe()}. Tests build
 * exactly this.
 */
public final class LodestoneTopology {

    private LodestoneTopology() {
    }

    /**
     * {@code shipmentPartitions}: partitions of the shipments topic, the number of input tasks whose watermarks the
     * event-time stages wait for.
     */
    public static Topology build(LodestoneConfig config, ReferenceData reference, int shipmentPartitions) {
        Wiring w = wiring(config, reference);
        Topics topics = w.topics();
        Upstream<Shipment> onTime = acceptedShipments(w, shipmentPartitions);
        Upstream<Watermarked<RouteTotals>> routeDayMarks = RouteVolumeAggregator.build(w, onTime);
        HubReroutingDetector.build(w, RouteAnomalyDetector.build(w, routeDayMarks));

        KStream<String, License> licenses = w.builder().stream(topics.licenses(),
                Consumed.with(Serdes.String(), w.serdes().license()).withTimestampExtractor(new EventTimeExtractor()));
        KTable<String, License> licenceVersions = LicenceVersions.build(LicenseValidator.build(licenses),
                config.licenseHistoryRetention(), w.serdes().license());
        LicenceComplianceChecker.build(w, onTime.stream(), licenceVersions);
        OriginReexportDetector.build(w, onTime.stream());
        TransshipmentChainDetector.build(w, onTime);
        CaseTopology.build(w);

        // Every instance keeps all alerts and all cases, so the query API answers for them without asking the others.
        globalStore(w.builder(), topics.alerts(), QueryApi.ALERTS_STORE, w.serdes().alert());
        globalStore(w.builder(), topics.cases(), QueryApi.CASES_VIEW, w.serdes().lodestoneCase());
        return w.builder().build();
    }

    /**
     * Only the route-volume part of {@link #build}: shipments → validate → de-duplicate → drop late ones →
     * daily route volumes, wired exactly as there. For the pipeline benchmark, which measures it alone.
     */
    public static Topology buildRouteVolumesOnly(LodestoneConfig config, ReferenceData reference, int shipmentPartitions) {
        Wiring w = wiring(config, reference);
        RouteVolumeAggregator.build(w, acceptedShipments(w, shipmentPartitions));
        return w.builder().build();
    }

    private static Wiring wiring(LodestoneConfig config, ReferenceData reference) {
        AvroSerdes serdes = new AvroSerdes(config.registry());
        Topics topics = config.topics();
        AlertSink alerts = new AlertSink(topics.alerts(), topics.caseAlerts(), alert -> CaseSubject.of(alert).caseId(), serdes.alert());
        return new Wiring(new StreamsBuilder(), config, reference, serdes, alerts);
    }

    /** The shipments every stage after validation, de-duplication and the lateness check works on, from one task per input partition. */
    private static Upstream<Shipment> acceptedShipments(Wiring w, int shipmentPartitions) {
        KStream<String, Shipment> shipments = w.builder().stream(w.topics().shipments(),
                Consumed.with(Serdes.String(), w.serdes().shipment()).withTimestampExtractor(new EventTimeExtractor()));
        KStream<String, Shipment> valid = ShipmentValidator.build(shipments, w.reference().catalogue());
        KStream<String, Shipment> distinct = ShipmentDeduplicator.build(w.builder(), valid, w.config().dedupRetention());
        KStream<String, Shipment> onTime = LateShipmentFilter.build(distinct, RouteVolumeAggregator.WINDOW, w.config().windowGrace());
        return new Upstream<>(AcceptedShipments.build(onTime, w.reference().catalogue(), new RouteLabels(w.config().metricsRouteLimit())),
                shipmentPartitions);
    }

    private static <V> void globalStore(StreamsBuilder builder, String topic, String store, Serde<V> serde) {
        builder.globalTable(topic, Consumed.with(Serdes.String(), serde),
                Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(store).withKeySerde(Serdes.String()).withValueSerde(serde));
    }
}

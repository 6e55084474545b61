package io.lodestone.app;

import io.lodestone.alerts.AlertSink;
import io.lodestone.api.QueryApi;
import io.lodestone.avro.License;
import io.lodestone.avro.Shipment;
import io.lodestone.cases.CaseSubject;
import io.lodestone.cases.CaseTopology;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.ingest.Accepted;
import io.lodestone.ingest.EventTimeExtractor;
import io.lodestone.ingest.LateShipmentFilter;
import io.lodestone.ingest.ShipmentDeduplicator;
import io.lodestone.ingest.ShipmentValidator;
import io.lodestone.licensing.LicenceComplianceChecker;
import io.lodestone.licensing.LicenceValidator;
import io.lodestone.licensing.LicenceVersions;
import io.lodestone.metrics.AcceptedShipments;
import io.lodestone.metrics.RouteLabels;
import io.lodestone.reference.ReferenceData;
import io.lodestone.rerouting.ChainSettings;
import io.lodestone.rerouting.HubReroutingDetector;
import io.lodestone.rerouting.HubReroutingSettings;
import io.lodestone.rerouting.OriginReexportDetector;
import io.lodestone.rerouting.TransshipmentChainDetector;
import io.lodestone.routechange.RouteChangeDetector;
import io.lodestone.routechange.RouteChangeSettings;
import io.lodestone.routes.RouteTotals;
import io.lodestone.routes.RouteVolumeAggregator;
import io.lodestone.routes.RouteVolumeSettings;
import io.lodestone.schemas.registry.AvroSerdes;
import io.lodestone.schemas.topics.Topics;
import io.lodestone.unitvalue.UnitValueDetector;
import io.lodestone.unitvalue.UnitValueSettings;
import io.lodestone.watermark.Upstream;
import io.lodestone.watermark.Watermarked;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The whole production topology, wired from its parts, each a class with a static {@code build}
 * that names what it reads: shipments → validate (bad ones to the DLQ) → de-duplicate → drop late
 * ones → daily route volumes → the monthly route judge (surges, collapses) → the hub judge
 * (rerouting through third countries); shipments → licence compliance against the versioned licence
 * table, origin re-exports and transshipment chains; shipments → unit values against their codes'
 * price bands (mis-invoicing, substituted codes); every alert → its case, with the analysts'
 * decisions. This class alone reads the configuration: it turns it into each part's settings.
 * docs/architecture.md draws it from {@link Topology#describe()}. Tests build exactly this, or one
 * part of it.
 */
public final class LodestoneTopology {

    private LodestoneTopology() {}

    /**
     * {@code serdes}: the contracts' serdes, through the configured registry in production, an
     * in-memory one in tests. {@code shipmentPartitions}: partitions of the shipments topic, the
     * number of input tasks whose watermarks the event-time stages wait for.
     */
    public static Topology build(
            LodestoneConfig config,
            ReferenceData reference,
            AvroSerdes serdes,
            int shipmentPartitions) {
        StreamsBuilder builder = new StreamsBuilder();
        Topics topics = config.topics();
        AlertSink alerts = alertSink(topics, serdes);
        Upstream<Accepted> accepted =
                acceptedShipments(builder, config, reference, serdes, shipmentPartitions);
        Upstream<Shipment> onTime = controlledShipments(accepted, reference);
        Upstream<Watermarked<RouteTotals>> routeDayMarks =
                routeVolumes(builder, config, reference, serdes, accepted);
        HubReroutingDetector.build(
                builder,
                RouteChangeDetector.build(
                        builder, routeDayMarks, routeChangeSettings(config), reference, alerts),
                hubReroutingSettings(config),
                reference,
                alerts);

        KStream<String, License> licenses =
                builder.stream(
                        topics.licenses(),
                        Consumed.with(Serdes.String(), serdes.license())
                                .withTimestampExtractor(new EventTimeExtractor()));
        KStream<String, License> validLicences = LicenceValidator.build(licenses);
        // The table first: it is written before the compliance judge sees the same revision.
        KTable<String, License> licenceVersions =
                LicenceVersions.build(
                        validLicences, config.licenseHistoryRetention(), serdes.license());
        LicenceComplianceChecker.build(
                builder,
                onTime.stream(),
                validLicences,
                licenceVersions,
                reference,
                config.licenseJoinGrace(),
                config.licenseRevisionWindow(),
                serdes.shipment(),
                serdes.license(),
                alerts);
        OriginReexportDetector.build(onTime.stream(), reference, alerts);
        TransshipmentChainDetector.build(
                builder, onTime, reference, chainSettings(config), serdes.shipment(), alerts);
        UnitValueDetector.build(builder, accepted, reference, unitValueSettings(config), alerts);
        CaseTopology.build(builder, topics, serdes);

        // Every instance keeps all alerts and all cases, so the query API answers for them without
        // asking the others.
        globalStore(builder, topics.alerts(), QueryApi.ALERTS_STORE, serdes.alert());
        globalStore(builder, topics.cases(), QueryApi.CASES_VIEW, serdes.lodestoneCase());
        return builder.build();
    }

    /**
     * Only the route-volume part of {@link #build}: shipments → validate → de-duplicate → drop late
     * ones → daily route volumes, wired exactly as there. For the pipeline benchmark, which
     * measures it alone.
     */
    public static Topology buildRouteVolumesOnly(
            LodestoneConfig config,
            ReferenceData reference,
            AvroSerdes serdes,
            int shipmentPartitions) {
        StreamsBuilder builder = new StreamsBuilder();
        routeVolumes(
                builder,
                config,
                reference,
                serdes,
                acceptedShipments(builder, config, reference, serdes, shipmentPartitions));
        return builder.build();
    }

    /**
     * Where every detector's alerts go: the alerts topic, and the case-alerts topic keyed by each
     * alert's case.
     */
    public static AlertSink alertSink(Topics topics, AvroSerdes serdes) {
        return new AlertSink(
                topics.alerts(),
                topics.caseAlerts(),
                alert -> CaseSubject.of(alert).caseId(),
                serdes.alert());
    }

    /**
     * How late a shipment may be behind its input partition's stream time and still count: its
     * day's window plus the grace. The lateness filter drops what is later; the chain judge keeps
     * legs that long.
     */
    static Duration lateness(LodestoneConfig config) {
        return RouteVolumeAggregator.WINDOW.plus(config.windowGrace());
    }

    public static RouteVolumeSettings routeVolumeSettings(LodestoneConfig config) {
        return new RouteVolumeSettings(
                config.routeVolumeRetention(), config.watermarkIdleTimeout());
    }

    public static RouteChangeSettings routeChangeSettings(LodestoneConfig config) {
        return new RouteChangeSettings(
                config.surgeRatio(),
                config.collapseRatio(),
                config.significance(),
                config.judgeDelay(),
                lateness(config));
    }

    public static HubReroutingSettings hubReroutingSettings(LodestoneConfig config) {
        return new HubReroutingSettings(
                config.hubFallRatio(),
                config.collapseRatio(),
                config.hubRiseRatio(),
                config.significance(),
                config.eventSignificance(),
                config.hubSignificance(),
                config.judgeDelay(),
                lateness(config));
    }

    public static UnitValueSettings unitValueSettings(LodestoneConfig config) {
        return new UnitValueSettings(
                config.unitValueK(),
                config.unitValueMinHistory(),
                config.unitValueOriginHistory(),
                config.unitValueHalfLifeMonths(),
                config.unitValueMinSpread(),
                config.judgeDelay(),
                lateness(config),
                config.watermarkIdleTimeout());
    }

    public static ChainSettings chainSettings(LodestoneConfig config) {
        Duration lateness = lateness(config);
        Duration afterDelay = RouteVolumeAggregator.WINDOW.plus(config.chainDelay());
        return new ChainSettings(
                config.chainWindow(),
                config.chainTolerance(),
                lateness,
                lateness.compareTo(afterDelay) < 0 ? lateness : afterDelay,
                config.watermarkIdleTimeout());
    }

    /**
     * The shipments every stage after validation, de-duplication and the lateness check works on,
     * from one task per input partition.
     */
    public static Upstream<Accepted> acceptedShipments(
            StreamsBuilder builder,
            LodestoneConfig config,
            ReferenceData reference,
            AvroSerdes serdes,
            int shipmentPartitions) {
        KStream<String, Shipment> shipments =
                builder.stream(
                        config.topics().shipments(),
                        Consumed.with(Serdes.String(), serdes.shipment())
                                .withTimestampExtractor(new EventTimeExtractor()));
        KStream<String, Shipment> valid = ShipmentValidator.build(shipments, reference);
        KStream<String, Shipment> onTime =
                LateShipmentFilter.build(valid, RouteVolumeAggregator.WINDOW, config.windowGrace());
        KStream<String, Accepted> accepted =
                ShipmentDeduplicator.build(
                        builder,
                        onTime,
                        config.dedupRetention(),
                        RouteVolumeAggregator.WINDOW,
                        config.windowGrace());
        return new Upstream<>(
                AcceptedShipments.build(
                        accepted,
                        Accepted::shipment,
                        reference,
                        new RouteLabels(config.metricsRouteLimit())),
                shipmentPartitions);
    }

    /**
     * The declarations of {@code accepted} under a controlled commodity's code, for the licence and
     * rerouting detectors: a watch code is other goods, under no licence and no restriction.
     */
    public static Upstream<Shipment> controlledShipments(
            Upstream<Accepted> accepted, ReferenceData reference) {
        return new Upstream<>(
                accepted.stream()
                        .mapValues(Accepted::shipment, Named.as("accepted-shipments"))
                        .filter(
                                (id, s) -> reference.isControlled(s.getHsCode()),
                                Named.as("controlled-shipments")),
                accepted.tasks());
    }

    /**
     * The route-day totals of {@code accepted} (an amendment's replaced revision taken back) into
     * route-volumes, and their watermarks for the monthly judges.
     */
    public static Upstream<Watermarked<RouteTotals>> routeVolumes(
            StreamsBuilder builder,
            LodestoneConfig config,
            ReferenceData reference,
            AvroSerdes serdes,
            Upstream<Accepted> accepted) {
        return RouteVolumeAggregator.build(
                builder,
                accepted,
                reference,
                routeVolumeSettings(config),
                config.topics().routeVolumes(),
                serdes.routeVolume());
    }

    private static <V> void globalStore(
            StreamsBuilder builder, String topic, String store, Serde<V> serde) {
        builder.globalTable(
                topic,
                Consumed.with(Serdes.String(), serde),
                Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(store)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(serde));
    }
}

package io.lodestone.licensing;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lodestone.alerts.AlertSink;
import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.Detail;
import io.lodestone.alerts.Evidence;
import io.lodestone.alerts.ShipmentAlerts;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Flow;
import io.lodestone.avro.License;
import io.lodestone.avro.Severity;
import io.lodestone.avro.Shipment;
import io.lodestone.reference.ControlList.LicenceRequirement;
import io.lodestone.reference.ReferenceData;
import io.lodestone.revision.Alerted;
import io.lodestone.state.JsonSerde;
import io.lodestone.state.ShipmentFacts;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Licence compliance: every EXPORT declaration of a commodity the control list controls (exporting
 * country × commodity × destination, from its 'since' date) is judged against the licence it cites,
 * as that licence stood at the shipment's event time. Import-side declarations of the same goods
 * are not judged again. Shipments wait up to {@code joinGrace} (stream time) for licence revisions
 * that arrive late, so a replay judges exactly as live arrival did.
 */
public final class LicenceComplianceChecker {

    private LicenceComplianceChecker() {}

    /**
     * {@code licences}: every revision of every licence, as {@link LicenceVersions} keeps them from
     * {@code licenceRevisions}; shipments wait for late revisions for {@code joinGrace} ({@code
     * license.join.grace}), and a revision that comes later still judges again the shipments it was
     * in force for, within {@code revisionWindow} ({@code license.revision.window}). {@code
     * shipmentSerde}: how shipments waiting for their licence were written before {@link
     * ShipmentFacts}, read after an upgrade.
     */
    public static void build(
            StreamsBuilder builder,
            KStream<String, Shipment> shipments,
            KStream<String, License> licenceRevisions,
            KTable<String, License> licences,
            ReferenceData reference,
            Duration joinGrace,
            Duration revisionWindow,
            Serde<Shipment> shipmentSerde,
            Serde<License> licenseSerde,
            AlertSink alerts) {
        // Only the facts the judge reads travel through the repartition and wait in the join's
        // buffer.
        Serde<ShipmentFacts> factsSerde = ShipmentFacts.serde(shipmentSerde.deserializer());
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(LicenceJudge.USAGE_STORE),
                        Serdes.String(),
                        LicenceUsage.serde()));
        builder.addStateStore(JudgedShipments.store());
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(LicenceJudge.QUOTA_PENDING_STORE),
                        Serdes.String(),
                        Serdes.String()));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(LicenceJudge.CROSSINGS_STORE),
                        Serdes.String(),
                        JsonSerde.of(
                                new TypeReference<
                                        List<Alerted<LicenceJudge.QuotaCrossing>>>() {})));
        Map<String, KStream<String, Shipment>> controlled =
                shipments
                        .filter(
                                (id, s) ->
                                        s.getFlow() == Flow.EXPORT
                                                && requirement(reference, s).isPresent(),
                                Named.as("controlled-exports"))
                        .split(Named.as("licence-"))
                        .branch((id, s) -> s.getLicenseId() == null, Branched.as("none"))
                        .defaultBranch(Branched.as("cited"));

        alerts.send(
                controlled
                        .get("licence-none")
                        .mapValues(s -> unlicensed(reference, s), Named.as("unlicensed-exports")));
        alerts.send(
                controlled
                        .get("licence-cited")
                        .map(
                                (id, s) -> KeyValue.pair(s.getLicenseId(), ShipmentFacts.of(s)),
                                Named.as("key-by-licence"))
                        .repartition(
                                Repartitioned.<String, ShipmentFacts>as("shipments-by-licence")
                                        .withKeySerde(Serdes.String())
                                        .withValueSerde(factsSerde))
                        .leftJoin(
                                licences,
                                ShipmentUnderLicence::new,
                                Joined.<String, ShipmentFacts, License>with(
                                                Serdes.String(), factsSerde, licenseSerde)
                                        .withGracePeriod(joinGrace)
                                        .withName("licence-at-shipment-time"))
                        .mapValues(
                                shipment -> (LicenceEvent) shipment,
                                Named.as("shipments-under-licence"))
                        .merge(
                                licenceRevisions.mapValues(
                                        LicenceEvent.Revision::new, Named.as("licence-revisions")),
                                Named.as("shipments-and-licence-revisions"))
                        .process(
                                () -> new LicenceJudge(reference.catalogue(), revisionWindow),
                                Named.as("judge-against-licence"),
                                LicenceJudge.USAGE_STORE,
                                JudgedShipments.STORE,
                                LicenceJudge.CROSSINGS_STORE,
                                LicenceJudge.QUOTA_PENDING_STORE,
                                LicenceVersions.STORE));
    }

    private static Optional<LicenceRequirement> requirement(ReferenceData reference, Shipment s) {
        String commodity = reference.catalogue().commodityOf(s.getHsCode()).orElseThrow();
        return reference
                .controlList()
                .licenceRequirementFor(
                        s.getExportCountry(),
                        commodity,
                        s.getImportCountry(),
                        s.getEventTime().atZone(ZoneOffset.UTC).toLocalDate());
    }

    private static Alert unlicensed(ReferenceData reference, Shipment s) {
        String commodity = reference.catalogue().commodityOf(s.getHsCode()).orElseThrow();
        LicenceRequirement rule = requirement(reference, s).orElseThrow();
        return ShipmentAlerts.of(
                AlertType.UNLICENSED_EXPORT,
                Severity.CRITICAL,
                commodity,
                ShipmentFacts.of(s),
                null,
                String.format(
                        "%s: %,.1f t of %s exported %s→%s by %s without a licence; one is required"
                                + " since %s (%s).",
                        s.getShipmentId(),
                        s.getNetWeightKg() / 1000,
                        commodity,
                        s.getExportCountry(),
                        s.getImportCountry(),
                        s.getExporterName(),
                        rule.since(),
                        rule.reference()),
                Map.of(Evidence.NET_WEIGHT_KG.key(), s.getNetWeightKg()),
                Map.of(
                        Detail.REQUIRED_SINCE.key(),
                        rule.since().toString(),
                        Detail.RULE.key(),
                        String.valueOf(rule.reference())));
    }
}

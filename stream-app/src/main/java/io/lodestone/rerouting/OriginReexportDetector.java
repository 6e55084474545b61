package io.lodestone.rerouting;

import io.lodestone.alerts.AlertSink;
import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.Detail;
import io.lodestone.alerts.Evidence;
import io.lodestone.alerts.ShipmentAlerts;
import io.lodestone.avro.Severity;
import io.lodestone.avro.Shipment;
import io.lodestone.reference.ControlList.RestrictedPair;
import io.lodestone.reference.ReferenceData;
import io.lodestone.state.ShipmentFacts;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * ORIGIN_REEXPORT: goods shipped into D from a third country H that declare origin O, where (O, D,
 * commodity) is restricted — the restricted flow, through a hub, saying so on its own paperwork.
 */
public final class OriginReexportDetector {

    private OriginReexportDetector() {}

    public static void build(
            KStream<String, Shipment> shipments, ReferenceData reference, AlertSink alerts) {
        alerts.send(
                shipments
                        .filter(
                                (id, s) ->
                                        !s.getExportCountry().equals(s.getOriginCountry())
                                                && restriction(reference, s).isPresent(),
                                Named.as("origin-reexports"))
                        .mapValues(
                                s -> {
                                    RestrictedPair pair = restriction(reference, s).orElseThrow();
                                    String commodity =
                                            reference
                                                    .catalogue()
                                                    .commodityOf(s.getHsCode())
                                                    .orElseThrow();
                                    return ShipmentAlerts.builder(
                                                    AlertType.ORIGIN_REEXPORT,
                                                    Severity.WARNING,
                                                    commodity,
                                                    ShipmentFacts.of(s),
                                                    String.format(
                                                            "%s: %,.1f t of %s of %s origin shipped"
                                                                + " %s→%s by %s, although %s→%s is"
                                                                + " restricted since %s.",
                                                            s.getShipmentId(),
                                                            s.getNetWeightKg() / 1000,
                                                            commodity,
                                                            s.getOriginCountry(),
                                                            s.getExportCountry(),
                                                            s.getImportCountry(),
                                                            s.getExporterName(),
                                                            pair.origin(),
                                                            pair.destination(),
                                                            pair.since()),
                                                    Map.of(
                                                            Evidence.NET_WEIGHT_KG.key(),
                                                            s.getNetWeightKg()),
                                                    Map.of(
                                                            Detail.RESTRICTED_SINCE.key(),
                                                            pair.since().toString(),
                                                            Detail.RESTRICTION.key(),
                                                            String.valueOf(pair.reference())))
                                            .setHubCountries(List.of(s.getExportCountry()))
                                            .setLicenseId(s.getLicenseId())
                                            .build();
                                },
                                Named.as("origin-reexport-alerts")));
    }

    private static Optional<RestrictedPair> restriction(ReferenceData reference, Shipment s) {
        String commodity = reference.catalogue().commodityOf(s.getHsCode()).orElseThrow();
        return reference
                .controlList()
                .restrictionFor(
                        s.getOriginCountry(),
                        s.getImportCountry(),
                        commodity,
                        s.getEventTime().atZone(ZoneOffset.UTC).toLocalDate());
    }
}

package io.lodestone.alerts;

import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import io.lodestone.state.ShipmentFacts;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Builds alerts about one shipment. The id is the type plus the shipmentId: the same finding about
 * the same declaration always gets the same id, so a replay or restart never makes a second alert.
 */
public final class ShipmentAlerts {

    private ShipmentAlerts() {}

    public static Alert of(
            AlertType type,
            Severity severity,
            String commodity,
            ShipmentFacts shipment,
            String licenseId,
            String summary,
            Map<String, Double> evidence,
            Map<String, String> details) {
        return builder(type, severity, commodity, shipment, summary, evidence, details)
                .setLicenseId(licenseId)
                .build();
    }

    /**
     * An alert about {@code shipment} with every field set; callers change what differs (hubs, more
     * shipments).
     */
    public static Alert.Builder builder(
            AlertType type,
            Severity severity,
            String commodity,
            ShipmentFacts shipment,
            String summary,
            Map<String, Double> evidence,
            Map<String, String> details) {
        Instant day = shipment.eventTime().truncatedTo(ChronoUnit.DAYS);
        return Alert.newBuilder()
                .setAlertId(AlertId.of(type, shipment.shipmentId()))
                .setType(type.name())
                .setSeverity(severity)
                .setCommodity(commodity)
                .setOriginCountry(shipment.originCountry())
                .setExportCountry(shipment.exportCountry())
                .setImportCountry(shipment.importCountry())
                .setHubCountries(List.of())
                .setWindowStart(day)
                .setWindowEnd(day.plus(Duration.ofDays(1)))
                .setDetectedAt(shipment.eventTime())
                .setSummary(summary)
                .setEvidence(evidence)
                .setDetails(details)
                .setShipmentIds(List.of(shipment.shipmentId()))
                .setLicenseId(null)
                .setExporterId(shipment.exporterId())
                .setNetWeightKg(shipment.netWeightKg())
                .setValueUsd(shipment.valueUsd());
    }
}

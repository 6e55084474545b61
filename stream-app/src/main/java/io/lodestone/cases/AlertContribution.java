package io.lodestone.cases;

import io.lodestone.avro.Alert;

import java.util.List;

/**
 * What one alert adds to its case, kept per case and alertId: an episode's later revision replaces its earlier
 * figures instead of adding to them, and the case's latest alerts can be ordered by detection time.
 */
public record AlertContribution(String alertId, String type, String severity, long detectedAtMillis, double netWeightKg, double valueUsd,
                                List<String> shipmentIds) {

    /** Shipments kept per alert: chains have two, licence findings one. */
    static final int MAX_SHIPMENTS = 5;

    public static AlertContribution of(Alert alert) {
        return new AlertContribution(alert.getAlertId(), alert.getType(), alert.getSeverity().name(), alert.getDetectedAt().toEpochMilli(),
                alert.getNetWeightKg() == null ? 0 : alert.getNetWeightKg(), alert.getValueUsd() == null ? 0 : alert.getValueUsd(),
                List.copyOf(alert.getShipmentIds().subList(0, Math.min(MAX_SHIPMENTS, alert.getShipmentIds().size()))));
    }

    /** Newest first: by detection time, then by id, so every arrival order gives the same list. */
    static int newestFirst(AlertContribution a, AlertContribution b) {
        int byTime = Long.compare(b.detectedAtMillis, a.detectedAtMillis);
        return byTime != 0 ? byTime : b.alertId.compareTo(a.alertId);
    }
}

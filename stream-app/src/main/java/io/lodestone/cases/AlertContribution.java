package io.lodestone.cases;

import io.lodestone.alerts.Detail;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import java.util.List;

/**
 * What one alert adds to its case, kept per case and alertId: an episode's later revision replaces
 * its earlier figures instead of adding to them, and the case's latest alerts can be ordered by
 * detection time. A withdrawn alert's contribution is kept, so that the finding counts again when a
 * later revision finds it again.
 */
public record AlertContribution(
        String alertId,
        String type,
        Severity severity,
        long detectedAtMillis,
        double netWeightKg,
        double valueUsd,
        List<String> shipmentIds,
        boolean withdrawn) {

    /** Shipments kept per alert: chains have two, licence findings one. */
    static final int MAX_SHIPMENTS = 5;

    public static AlertContribution of(Alert alert) {
        return new AlertContribution(
                alert.getAlertId(),
                alert.getType(),
                alert.getSeverity(),
                alert.getDetectedAt().toEpochMilli(),
                alert.getNetWeightKg() == null ? 0 : toGrams(alert.getNetWeightKg()),
                alert.getValueUsd() == null ? 0 : toCents(alert.getValueUsd()),
                List.copyOf(
                        alert.getShipmentIds()
                                .subList(
                                        0, Math.min(MAX_SHIPMENTS, alert.getShipmentIds().size()))),
                Detail.WITHDRAWN.equals(Detail.STATUS.in(alert)));
    }

    /** Whether the alert counts in its case: it does until it is withdrawn. */
    boolean standing() {
        return !withdrawn;
    }

    /**
     * Kilograms rounded to the gram. A case's totals are sums of these, rounded again after each
     * step: every partial sum is then an exact number of grams, so the totals do not depend on the
     * order the alerts arrived in (plain double sums differ in their last bits).
     */
    static double toGrams(double kg) {
        return Math.round(kg * 1_000) / 1_000.0;
    }

    /** Dollars rounded to the cent, for the same reason. */
    static double toCents(double usd) {
        return Math.round(usd * 100) / 100.0;
    }

    /** Newest first: by detection time, then by id, so every arrival order gives the same list. */
    static int newestFirst(AlertContribution a, AlertContribution b) {
        int byTime = Long.compare(b.detectedAtMillis, a.detectedAtMillis);
        return byTime != 0 ? byTime : b.alertId.compareTo(a.alertId);
    }
}

package io.lodestone.licensing;

import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.ShipmentAlerts;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import io.lodestone.state.ShipmentFacts;
import java.util.Map;

/**
 * What the licence judge found about one shipment, as its alert will say it: kept with the shipment
 * while a late licence revision can still change it, so the alert can be revised. One shipment has
 * at most one finding of each type.
 */
record LicenceFinding(
        AlertType type,
        Severity severity,
        String summary,
        Map<String, Double> evidence,
        Map<String, String> details) {

    Alert alert(ShipmentFacts shipment, String commodity, String licenseId) {
        return ShipmentAlerts.of(
                type, severity, commodity, shipment, licenseId, summary, evidence, details);
    }
}

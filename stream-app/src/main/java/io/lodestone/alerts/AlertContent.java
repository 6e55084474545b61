package io.lodestone.alerts;

import io.lodestone.avro.Alert;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Whether two records of one alert say the same: a judge that judges a month again sends a revision
 * only when they do not.
 */
public final class AlertContent {

    private AlertContent() {}

    /**
     * Equal but for the record's {@code revision} and {@code status}; figures to 9 significant
     * digits, as day totals summed in another arrival order differ in their last bits, and that is
     * no revision.
     */
    public static boolean same(Alert a, Alert b) {
        return a.getAlertId().equals(b.getAlertId())
                && a.getSeverity() == b.getSeverity()
                && a.getSummary().equals(b.getSummary())
                && a.getHubCountries().equals(b.getHubCountries())
                && a.getWindowStart().equals(b.getWindowStart())
                && a.getWindowEnd().equals(b.getWindowEnd())
                && a.getShipmentIds().equals(b.getShipmentIds())
                && Objects.equals(a.getLicenseId(), b.getLicenseId())
                && close(a.getNetWeightKg(), b.getNetWeightKg())
                && close(a.getValueUsd(), b.getValueUsd())
                && details(a).equals(details(b))
                && a.getEvidence().keySet().equals(b.getEvidence().keySet())
                && a.getEvidence().entrySet().stream()
                        .allMatch(e -> close(e.getValue(), b.getEvidence().get(e.getKey())));
    }

    private static Map<String, String> details(Alert alert) {
        Map<String, String> details = new HashMap<>(alert.getDetails());
        details.remove(Detail.REVISION.key());
        details.remove(Detail.STATUS.key());
        return details;
    }

    private static boolean close(Double x, Double y) {
        if (x == null || y == null) {
            return x == y;
        }
        return x.equals(y) || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
    }
}

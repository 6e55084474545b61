package io.lodestone.testing;

import io.lodestone.avro.Alert;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alert topic's records by alert id. A rerouting episode is one alert updated month by month:
 * its records share the id, each with the next {@code revision} in its details (other alerts are
 * written once, revision 1).
 */
public final class AlertRecords {

    private AlertRecords() {}

    /**
     * The newest record of each alert id; a revision written twice or out of order would be a
     * double count, so it fails here.
     */
    public static Map<String, Alert> newestById(List<Alert> alerts) {
        Map<String, Alert> newest = new TreeMap<>();
        for (Alert alert : alerts) {
            Alert before = newest.put(alert.getAlertId(), alert);
            if (before != null && revision(alert) <= revision(before)) {
                throw new AssertionError(
                        "alert "
                                + alert.getAlertId()
                                + " revision "
                                + revision(alert)
                                + " written after revision "
                                + revision(before));
            }
        }
        return newest;
    }

    public static int revision(Alert alert) {
        return Integer.parseInt(alert.getDetails().getOrDefault("revision", "1"));
    }
}

package io.lodestone.revision;

import io.lodestone.alerts.Detail;
import io.lodestone.avro.Alert;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finding as last alerted: the revision it was sent as, and whether that revision withdrew it
 * (late data made it vanish). {@code F} is the judge's own finding type, from which it builds the
 * alert.
 */
public record Alerted<F>(F finding, int revision, boolean withdrawn) {

    /** Why a finding the route and hub judges found is withdrawn. */
    public static final String LATE_SHIPMENTS =
            "shipments that came late no longer show this finding.";

    /**
     * {@code alert}, the finding's alert, as this record of it: its {@code revision}, and when
     * withdrawn its last evidence under the status WITHDRAWN, its summary saying so and {@code
     * whyWithdrawn}.
     */
    public Alert stamp(Alert alert, String whyWithdrawn) {
        Map<String, String> details = new LinkedHashMap<>(alert.getDetails());
        Detail.REVISION.put(details, String.valueOf(revision));
        if (withdrawn) {
            Detail.STATUS.put(details, Detail.WITHDRAWN);
            alert.setSummary("Withdrawn: " + whyWithdrawn + " Was: " + alert.getSummary());
        }
        alert.setDetails(details);
        return alert;
    }
}

package io.lodestone.cases;

import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.Detail;
import io.lodestone.avro.Alert;
import java.util.Locale;
import java.util.Objects;

/**
 * Which case an alert belongs to: its family, commodity and subject, and the caseId made of them
 * (built here only). The subject is what an analyst investigates: the exporter for licence findings
 * and for what it declared (unit values, substituted codes), the hub company for transshipment
 * chains, the origin→destination pair for rerouting, re-exports and codes substituted in a route's
 * flow (no exporter to name), the route for volume changes.
 */
public record CaseSubject(String family, String commodity, String key, String description) {

    public static final String LICENCE = "LICENCE";
    public static final String TRANSSHIPMENT = "TRANSSHIPMENT";
    public static final String REROUTING = "REROUTING";
    public static final String VOLUME = "VOLUME";

    public static CaseSubject of(Alert alert) {
        String commodity = alert.getCommodity();
        AlertType type = AlertType.valueOf(alert.getType());
        if (type == AlertType.HS_SUBSTITUTION_SUSPECTED && alert.getExporterId() == null) {
            return pair(alert, commodity); // found in a route's flow: no exporter to name
        }
        return switch (type) {
            case UNLICENSED_EXPORT,
                    LICENSE_NOT_VALID,
                    LICENSE_SCOPE_VIOLATION,
                    LICENSE_QUOTA_EXCEEDED,
                    UNIT_VALUE_ANOMALY,
                    HS_SUBSTITUTION_SUSPECTED ->
                    alert.getExporterId() != null
                            ? new CaseSubject(
                                    LICENCE,
                                    commodity,
                                    "exporter=" + alert.getExporterId(),
                                    "exporter " + alert.getExporterId())
                            // Alerts written before exporterId existed: the licence is the nearest
                            // subject.
                            : new CaseSubject(
                                    LICENCE,
                                    commodity,
                                    "licence=" + alert.getLicenseId(),
                                    "licence " + alert.getLicenseId());
            case TRANSSHIPMENT_CHAIN -> {
                // The company's normalised name (legal suffixes, case and punctuation gone), in
                // capitals to be read.
                String company =
                        Objects.requireNonNullElse(Detail.COMPANY.in(alert), "?")
                                .toUpperCase(Locale.ROOT);
                yield new CaseSubject(
                        TRANSSHIPMENT,
                        commodity,
                        "company=" + company + "@" + alert.getExportCountry(),
                        company + " in " + alert.getExportCountry());
            }
            case REROUTING_SUSPECTED, ORIGIN_REEXPORT -> pair(alert, commodity);
            case VOLUME_SURGE, VOLUME_COLLAPSE ->
                    new CaseSubject(
                            VOLUME,
                            commodity,
                            "route="
                                    + alert.getOriginCountry()
                                    + ">"
                                    + alert.getExportCountry()
                                    + ">"
                                    + alert.getImportCountry(),
                            alert.getOriginCountry()
                                    + "→"
                                    + alert.getExportCountry()
                                    + "→"
                                    + alert.getImportCountry());
        };
    }

    /** The origin→destination pair's case: rerouting, re-exports, codes substituted on a route. */
    private static CaseSubject pair(Alert alert, String commodity) {
        return new CaseSubject(
                REROUTING,
                commodity,
                "pair=" + alert.getOriginCountry() + ">" + alert.getImportCountry(),
                alert.getOriginCountry() + "→" + alert.getImportCountry());
    }

    /** E.g. {@code LICENCE:antimony:exporter=CN-EXP-0004}. */
    public String caseId() {
        return family + ":" + commodity + ":" + key;
    }
}

package io.lodestone.testing;

import io.lodestone.alerts.Detail;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Case;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Cases as tests read them, and the cases alerts should make, computed here from the README's
 * grouping rules alone.
 */
public final class CaseRecords {

    private CaseRecords() {}

    /** The newest record per caseId. */
    public static Map<String, Case> newestById(List<Case> cases) {
        Map<String, Case> newest = new TreeMap<>();
        cases.forEach(c -> newest.put(c.getCaseId(), c));
        return newest;
    }

    /**
     * Standing alerts per case: the README's alert catalogue groups licence findings by exporter,
     * chains by hub company, rerouting and re-exports by origin and destination, volume changes by
     * route; a withdrawn alert no longer counts.
     */
    public static Map<String, Long> expectedAlertCounts(Collection<Alert> distinctAlerts) {
        return distinctAlerts.stream()
                .filter(a -> !Detail.WITHDRAWN.equals(Detail.STATUS.in(a)))
                .collect(
                        Collectors.groupingBy(
                                CaseRecords::expectedCaseId, TreeMap::new, Collectors.counting()));
    }

    /** The alert counts of {@code cases}, per caseId. */
    public static Map<String, Long> alertCounts(Map<String, Case> cases) {
        Map<String, Long> counts = new TreeMap<>();
        cases.forEach((id, c) -> counts.put(id, c.getAlertCount()));
        return counts;
    }

    private static String expectedCaseId(Alert a) {
        String type = a.getType();
        if (type.startsWith("LICENSE_")
                || type.equals("UNLICENSED_EXPORT")
                || type.equals("UNIT_VALUE_ANOMALY")
                || type.equals("HS_SUBSTITUTION_SUSPECTED")) {
            return "LICENCE:" + a.getCommodity() + ":exporter=" + a.getExporterId();
        }
        if (type.equals("TRANSSHIPMENT_CHAIN")) {
            return "TRANSSHIPMENT:"
                    + a.getCommodity()
                    + ":company="
                    + a.getDetails().get("company").toUpperCase(java.util.Locale.ROOT)
                    + "@"
                    + a.getExportCountry();
        }
        if (type.equals("REROUTING_SUSPECTED") || type.equals("ORIGIN_REEXPORT")) {
            return "REROUTING:"
                    + a.getCommodity()
                    + ":pair="
                    + a.getOriginCountry()
                    + ">"
                    + a.getImportCountry();
        }
        return "VOLUME:"
                + a.getCommodity()
                + ":route="
                + a.getOriginCountry()
                + ">"
                + a.getExportCountry()
                + ">"
                + a.getImportCountry();
    }
}

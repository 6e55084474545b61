package io.lodestone.substitution;

import io.lodestone.alerts.AlertId;
import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.Detail;
import io.lodestone.alerts.Evidence;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import io.lodestone.revision.Alerted;
import io.lodestone.statistics.Months;
import io.lodestone.statistics.PooledChange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The alert of a substitution found by flow, with both codes' before and after. */
public final class SubstitutionFlowAlerts {

    /**
     * A finding on one route of a controlled commodity: goods of {@code commodity} exported from
     * {@code origin} to {@code importCountry}, declared under {@code watchCode}.
     */
    public record RouteFinding(
            String commodity,
            String origin,
            String importCountry,
            String watchCode,
            SubstitutionFlowJudge.Finding finding) {

        /** The route and code an episode is kept under: {@code TH|282590}. */
        public String episodeKey() {
            return episodeKey(importCountry, watchCode);
        }

        public static String episodeKey(String importCountry, String watchCode) {
            return importCountry + "|" + watchCode;
        }
    }

    private SubstitutionFlowAlerts() {}

    /**
     * {@code HS_SUBSTITUTION_SUSPECTED:antimony|CN|TH|282590:2024-12}: the route, the watch code
     * and the month the codes' flows changed (a declaration's finding names an exporter instead).
     */
    public static String alertId(RouteFinding f) {
        return AlertId.of(
                AlertType.HS_SUBSTITUTION_SUSPECTED,
                String.join("|", f.commodity(), f.origin(), f.importCountry(), f.watchCode()),
                f.finding().episode().changeMonth());
    }

    /** An episode's monthly updates are numbered by month: 1 the month it was first called. */
    public static int monthlyRevision(RouteFinding f) {
        SubstitutionFlowJudge.Episode episode = f.finding().episode();
        return (int)
                        YearMonth.parse(episode.firstCalled())
                                .until(f.finding().month(), ChronoUnit.MONTHS)
                + 1;
    }

    /** The alert of {@code alerted}: its revision, and when withdrawn, its last evidence. */
    public static Alert alert(
            Alerted<RouteFinding> alerted, LocalDate controlSince, String controlReference) {
        return alerted.stamp(
                alert(alerted.finding(), controlSince, controlReference), Alerted.LATE_SHIPMENTS);
    }

    /** The episode's alert as of the finding's month: the same id for every update. */
    public static Alert alert(RouteFinding f, LocalDate controlSince, String controlReference) {
        SubstitutionFlowJudge.Finding finding = f.finding();
        SubstitutionFlowJudge.Episode episode = finding.episode();
        PooledChange controlled = finding.controlled();
        PooledChange watch = finding.watch();
        YearMonth start = episode.start();
        Map<String, Double> evidence = new LinkedHashMap<>();
        Evidence.CONTROLLED_BEFORE_KG.put(evidence, controlled.baselineMeanKg());
        Evidence.CONTROLLED_AFTER_KG.put(evidence, controlled.pooledMeanKg());
        Evidence.CONTROLLED_BEFORE_SHIPMENTS.put(evidence, controlled.baselineMeanCount());
        Evidence.CONTROLLED_AFTER_SHIPMENTS.put(evidence, controlled.pooledMeanCount());
        Evidence.CONTROLLED_P_VALUE.put(evidence, controlled.countP());
        Evidence.WATCH_BEFORE_KG.put(evidence, watch.baselineMeanKg());
        Evidence.WATCH_AFTER_KG.put(evidence, watch.pooledMeanKg());
        Evidence.WATCH_BEFORE_SHIPMENTS.put(evidence, watch.baselineMeanCount());
        Evidence.WATCH_AFTER_SHIPMENTS.put(evidence, watch.pooledMeanCount());
        Evidence.WATCH_P_VALUE.put(evidence, watch.countP());
        Evidence.P_VALUE.put(evidence, finding.p());
        Evidence.SUBSTITUTED_KG.put(evidence, finding.substitutedKg());
        Evidence.BASELINE_MONTHS.put(evidence, (double) controlled.baselineMonths());
        Evidence.POOLED_MONTHS.put(evidence, (double) controlled.pooledMonths());
        Evidence.MONTHS_TO_DETECT.put(
                evidence,
                (double)
                        (start.until(YearMonth.parse(episode.firstCalled()), ChronoUnit.MONTHS)
                                + 1));
        Map<String, String> details = new LinkedHashMap<>();
        Detail.MONTH.put(details, episode.changeMonth());
        Detail.JUDGED_MONTH.put(details, finding.month().toString());
        Detail.FIRST_CALLED.put(details, episode.firstCalled());
        Detail.REVISION.put(details, String.valueOf(monthlyRevision(f)));
        Detail.METHOD.put(
                details,
                episode.dated()
                        ? "event study from the control list's date " + controlSince
                        : "change point");
        Detail.HS_CODE.put(details, f.watchCode());
        Detail.RESTRICTED_SINCE.put(details, controlSince.toString());
        Detail.RESTRICTION.put(details, controlReference);
        String period =
                start.equals(finding.month()) ? start.toString() : start + ".." + finding.month();
        Instant end = Months.end(finding.month());
        return Alert.newBuilder()
                .setAlertId(alertId(f))
                .setType(AlertType.HS_SUBSTITUTION_SUSPECTED.name())
                .setSeverity(Severity.WARNING)
                .setCommodity(f.commodity())
                .setOriginCountry(f.origin())
                .setExportCountry(f.origin())
                .setImportCountry(f.importCountry())
                .setHubCountries(List.of())
                .setWindowStart(Months.start(start))
                .setWindowEnd(end)
                .setDetectedAt(end)
                .setSummary(
                        String.format(
                                "%s %s→%s in %s: declared as %s, %,.1f t a month (%,.1f"
                                        + " declarations) where the %d months before saw %,.1f t"
                                        + " (%,.1f), while %s itself fell from %,.1f t (%,.1f) to"
                                        + " %,.1f t (%,.1f): about %,.1f t declared under the"
                                        + " other code.",
                                f.commodity(),
                                f.origin(),
                                f.importCountry(),
                                period,
                                f.watchCode(),
                                watch.pooledMeanKg() / 1000,
                                watch.pooledMeanCount(),
                                controlled.baselineMonths(),
                                watch.baselineMeanKg() / 1000,
                                watch.baselineMeanCount(),
                                f.commodity(),
                                controlled.baselineMeanKg() / 1000,
                                controlled.baselineMeanCount(),
                                controlled.pooledMeanKg() / 1000,
                                controlled.pooledMeanCount(),
                                finding.substitutedKg() / 1000))
                .setEvidence(evidence)
                .setDetails(details)
                .setShipmentIds(List.of())
                .setLicenseId(null)
                .setNetWeightKg(finding.substitutedKg())
                .build();
    }
}

package io.lodestone.unitvalue;

import io.lodestone.alerts.AlertId;
import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.Detail;
import io.lodestone.alerts.Evidence;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import io.lodestone.reference.ReferenceData;
import io.lodestone.revision.Alerted;
import io.lodestone.statistics.Months;
import java.time.Instant;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The alert of a unit-value finding. */
final class UnitValueAlerts {

    private static final String WHY_WITHDRAWN =
            "declarations that came late, or were amended, no longer show this finding.";

    private final ReferenceData reference;
    private final UnitValueSettings settings;

    UnitValueAlerts(ReferenceData reference, UnitValueSettings settings) {
        this.reference = reference;
        this.settings = settings;
    }

    /** One exporter's findings of one type, code and month: {@code TYPE:exporter:code:month}. */
    static String alertId(UnitValueFinding f) {
        return AlertId.of(f.type(), f.exporterId(), f.bandCode(), f.month());
    }

    Alert alert(Alerted<UnitValueFinding> alerted) {
        return alerted.stamp(alert(alerted.finding()), WHY_WITHDRAWN);
    }

    Alert alert(UnitValueFinding f) {
        Declaration lead = f.lead();
        double k = settings.k();
        Map<String, Double> evidence = new LinkedHashMap<>();
        Evidence.USD_PER_KG.put(evidence, lead.usdPerKg());
        Evidence.SPREADS.put(evidence, f.band().z(lead.usdPerKg()));
        Evidence.BAND_MEDIAN_USD_PER_KG.put(evidence, f.band().medianUsdPerKg());
        Evidence.BAND_LOW_USD_PER_KG.put(evidence, f.band().lowUsdPerKg(k));
        Evidence.BAND_HIGH_USD_PER_KG.put(evidence, f.band().highUsdPerKg(k));
        Evidence.BAND_DECLARATIONS.put(evidence, f.band().declarations());
        Evidence.DECLARATIONS.put(evidence, f.shipmentIds().size());
        Evidence.CORROBORATING.put(evidence, f.corroborating());
        Evidence.EXPECTED_USD.put(evidence, f.expectedUsd());
        Evidence.GAP_USD.put(evidence, f.gapUsd());
        Evidence.MATERIAL_USD.put(evidence, reference.materialUsd(f.bandCode()));
        Map<String, String> details = new LinkedHashMap<>();
        Detail.MONTH.put(details, f.month());
        Detail.HS_CODE.put(details, lead.hsCode());
        Detail.BAND_CODE.put(details, f.bandCode());
        Detail.BAND_BASIS.put(details, f.band().basis());
        String commodity;
        String summary;
        if (f.type() == AlertType.HS_SUBSTITUTION_SUSPECTED) {
            commodity = reference.catalogue().commodityOf(f.controlledCode()).orElseThrow();
            Evidence.CONTROLLED_MEDIAN_USD_PER_KG.put(
                    evidence, f.controlledBand().medianUsdPerKg());
            Evidence.CONTROLLED_LOW_USD_PER_KG.put(evidence, f.controlledBand().lowUsdPerKg(k));
            Evidence.CONTROLLED_HIGH_USD_PER_KG.put(evidence, f.controlledBand().highUsdPerKg(k));
            Detail.CONTROLLED_CODE.put(details, f.controlledCode());
            summary =
                    String.format(
                            "%s: %d declaration(s) of %s (%,.0f kg, %,.0f USD) in %s under watch"
                                + " code %s at %,.2f USD/kg: inside %s's band for code %s"
                                + " (%,.2f–%,.2f USD/kg), far above its own code's (%,.2f–%,.2f)."
                                + " Declared as other goods?",
                            f.exporterName(),
                            f.shipmentIds().size(),
                            f.exporterName(),
                            f.netWeightKg(),
                            f.valueUsd(),
                            f.month(),
                            f.bandCode(),
                            lead.usdPerKg(),
                            commodity,
                            f.controlledCode(),
                            f.controlledBand().lowUsdPerKg(k),
                            f.controlledBand().highUsdPerKg(k),
                            f.band().lowUsdPerKg(k),
                            f.band().highUsdPerKg(k));
        } else {
            commodity =
                    reference
                            .catalogue()
                            .commodityOf(f.bandCode())
                            .orElseGet(
                                    () ->
                                            reference
                                                    .watchCodes()
                                                    .of(f.bandCode())
                                                    .get(0)
                                                    .commodity());
            Detail.DIRECTION.put(details, f.direction());
            summary =
                    String.format(
                            "%s: %d declaration(s) of code %s in %s declared at %,.0f USD where the"
                                    + " band says %,.0f (%s-invoiced; lead at %,.2f USD/kg, band"
                                    + " %,.2f–%,.2f around %,.2f, %s).",
                            f.exporterName(),
                            f.shipmentIds().size(),
                            f.bandCode(),
                            f.month(),
                            f.valueUsd(),
                            f.expectedUsd(),
                            f.direction().equals("UNDER")
                                    ? "under"
                                    : f.direction().equals("OVER") ? "over" : "under- and over",
                            lead.usdPerKg(),
                            f.band().lowUsdPerKg(k),
                            f.band().highUsdPerKg(k),
                            f.band().medianUsdPerKg(),
                            f.band().basis());
        }
        YearMonth month = YearMonth.parse(f.month());
        Instant start = Months.start(month);
        Instant end = Months.end(month);
        return Alert.newBuilder()
                .setAlertId(alertId(f))
                .setType(f.type().name())
                .setSeverity(Severity.WARNING)
                .setCommodity(commodity)
                .setOriginCountry(lead.originCountry())
                .setExportCountry(lead.exportCountry())
                .setImportCountry(lead.importCountry())
                .setHubCountries(List.of())
                .setWindowStart(start)
                .setWindowEnd(end)
                .setDetectedAt(end)
                .setSummary(summary)
                .setEvidence(evidence)
                .setDetails(details)
                .setShipmentIds(f.shipmentIds())
                .setLicenseId(null)
                .setExporterId(f.exporterId())
                .setNetWeightKg(f.netWeightKg())
                .setValueUsd(f.valueUsd())
                .build();
    }
}

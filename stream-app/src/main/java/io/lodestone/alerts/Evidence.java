package io.lodestone.alerts;

import io.lodestone.avro.Alert;
import java.util.Map;

/**
 * The names of the figures in an alert's {@code evidence} map, spelled here only (README's alert
 * catalogue lists them per type). A figure about one hub of a rerouting episode is named {@code
 * <name>.<hub>}, e.g. {@code divertedKg.TH}.
 */
public enum Evidence {
    NET_WEIGHT_KG("netWeightKg"),
    LICENSE_REVISION("licenseRevision"),
    QUANTITY_LIMIT_KG("quantityLimitKg"),
    CUMULATIVE_KG("cumulativeKg"),
    OVERSHOOT_KG("overshootKg"),
    OBSERVED_KG("observedKg"),
    BASELINE_KG("baselineKg"),
    PREVIOUS_MONTH_KG("previousMonthKg"),
    RATIO("ratio"),
    OBSERVED_SHIPMENTS("observedShipments"),
    BASELINE_SHIPMENTS("baselineShipments"),
    POOLED_MONTHS("pooledMonths"),
    BASELINE_MONTHS("baselineMonths"),
    P_VALUE("pValue"),
    WEIGHT_P_VALUE("weightPValue"),
    MATERIAL_KG("materialKg"),
    BASE_EFFECT("baseEffect"),
    DIRECT_BEFORE_KG("directBeforeKg"),
    DIRECT_AFTER_KG("directAfterKg"),
    DIRECT_BEFORE_SHIPMENTS("directBeforeShipments"),
    DIRECT_AFTER_SHIPMENTS("directAfterShipments"),
    DIRECT_P_VALUE("directPValue"),
    DIRECT_WEIGHT_P_VALUE("directWeightPValue"),
    /** Per hub. */
    TO_HUB_BEFORE_KG("toHubBeforeKg"),
    /** Per hub. */
    TO_HUB_AFTER_KG("toHubAfterKg"),
    /** Per hub. */
    FROM_HUB_BEFORE_KG("fromHubBeforeKg"),
    /** Per hub. */
    FROM_HUB_AFTER_KG("fromHubAfterKg"),
    /** Per hub. */
    LAG_MONTHS("lagMonths"),
    /** Per hub. */
    HUB_P_VALUE("hubPValue"),
    /** In all, and per hub. */
    DIVERTED_KG("divertedKg"),
    MONTHS_COVERED("monthsCovered"),
    MONTHS_TO_DETECT("monthsToDetect"),
    INBOUND_NET_WEIGHT_KG("inboundNetWeightKg"),
    OUTBOUND_NET_WEIGHT_KG("outboundNetWeightKg"),
    WEIGHT_RATIO("weightRatio"),
    DAYS_BETWEEN("daysBetween"),
    /** The lead declaration's. */
    USD_PER_KG("usdPerKg"),
    /** How many spreads the lead declaration lies from its band's median (below: negative). */
    SPREADS("spreads"),
    BAND_MEDIAN_USD_PER_KG("bandMedianUsdPerKg"),
    BAND_LOW_USD_PER_KG("bandLowUsdPerKg"),
    BAND_HIGH_USD_PER_KG("bandHighUsdPerKg"),
    BAND_DECLARATIONS("bandDeclarations"),
    CONTROLLED_MEDIAN_USD_PER_KG("controlledMedianUsdPerKg"),
    CONTROLLED_LOW_USD_PER_KG("controlledLowUsdPerKg"),
    CONTROLLED_HIGH_USD_PER_KG("controlledHighUsdPerKg"),
    DECLARATIONS("declarations"),
    /**
     * The exporter's declarations out of band the same way in the judged month and the 2 before.
     */
    CORROBORATING("corroborating"),
    EXPECTED_USD("expectedUsd"),
    GAP_USD("gapUsd"),
    MATERIAL_USD("materialUsd"),
    CONTROLLED_BEFORE_KG("controlledBeforeKg"),
    CONTROLLED_AFTER_KG("controlledAfterKg"),
    CONTROLLED_BEFORE_SHIPMENTS("controlledBeforeShipments"),
    CONTROLLED_AFTER_SHIPMENTS("controlledAfterShipments"),
    CONTROLLED_P_VALUE("controlledPValue"),
    WATCH_BEFORE_KG("watchBeforeKg"),
    WATCH_AFTER_KG("watchAfterKg"),
    WATCH_BEFORE_SHIPMENTS("watchBeforeShipments"),
    WATCH_AFTER_SHIPMENTS("watchAfterShipments"),
    WATCH_P_VALUE("watchPValue"),
    SUBSTITUTED_KG("substitutedKg");

    private final String key;

    Evidence(String key) {
        this.key = key;
    }

    /** The name in the map. */
    public String key() {
        return key;
    }

    /** The name of this figure for one hub. */
    public String key(String hub) {
        return key + "." + hub;
    }

    public void put(Map<String, Double> evidence, double value) {
        evidence.put(key, value);
    }

    public void put(Map<String, Double> evidence, String hub, double value) {
        evidence.put(key(hub), value);
    }

    /** The figure in {@code alert}'s evidence, or {@code otherwise} when it has none. */
    public double in(Alert alert, double otherwise) {
        return alert.getEvidence() == null
                ? otherwise
                : alert.getEvidence().getOrDefault(key, otherwise);
    }
}

package io.lodestone.unitvalue;

import io.lodestone.alerts.AlertType;
import java.util.List;

/**
 * One exporter's out-of-band declarations under one band code in one month: a {@code
 * UNIT_VALUE_ANOMALY} (priced far outside its own code's band: {@code direction} UNDER, OVER or
 * BOTH) or an {@code HS_SUBSTITUTION_SUSPECTED} (a watch code priced inside {@code
 * controlledCode}'s band, far above its own). {@code lead}: the declaration furthest out, whose
 * unit value and bands the alert shows; totals are over every declaration of the finding. {@code
 * expectedUsd}: what the declarations were worth at their own bands' medians; {@code
 * corroborating}: the exporter's declarations out of band the same way in this month and the two
 * before.
 */
public record UnitValueFinding(
        AlertType type,
        String bandCode,
        String month,
        String exporterId,
        String exporterName,
        String direction,
        List<String> shipmentIds,
        double netWeightKg,
        double valueUsd,
        double expectedUsd,
        Declaration lead,
        UnitValueBand band,
        String controlledCode,
        UnitValueBand controlledBand,
        int corroborating) {

    /** How far the declared value is from what the band says, USD (absolute, summed). */
    public double gapUsd() {
        return Math.abs(valueUsd - expectedUsd);
    }
}

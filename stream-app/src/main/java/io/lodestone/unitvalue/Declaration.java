package io.lodestone.unitvalue;

import io.lodestone.avro.Shipment;
import io.lodestone.ingest.Retraction;
import io.lodestone.reference.ReferenceData;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * What the unit-value judge reads of a declaration with a value, and its {@link BandCode}; {@code
 * retracted}: the revision an amendment replaced, to be taken back (its figures are the replaced
 * ones).
 */
public record Declaration(
        String shipmentId,
        String exporterId,
        String exporterName,
        String originCountry,
        String exportCountry,
        String importCountry,
        String hsCode,
        String bandCode,
        long eventTime,
        double netWeightKg,
        double valueUsd,
        boolean retracted) {

    public static Declaration of(Shipment s, ReferenceData reference) {
        return new Declaration(
                s.getShipmentId(),
                s.getExporterId(),
                s.getExporterName(),
                s.getOriginCountry(),
                s.getExportCountry(),
                s.getImportCountry(),
                s.getHsCode(),
                BandCode.of(s.getHsCode(), reference),
                s.getEventTime().toEpochMilli(),
                s.getNetWeightKg(),
                s.getValueUsd(),
                false);
    }

    /** The replaced revision {@code r} of shipment {@code id}, to take back. */
    public static Declaration retraction(
            Shipment amendment, Retraction r, ReferenceData reference) {
        return new Declaration(
                amendment.getShipmentId(),
                amendment.getExporterId(),
                amendment.getExporterName(),
                r.originCountry(),
                r.exportCountry(),
                r.importCountry(),
                r.hsCode(),
                BandCode.of(r.hsCode(), reference),
                r.eventTime().toEpochMilli(),
                r.netWeightKg(),
                r.valueUsd() == null ? 0 : r.valueUsd(),
                true);
    }

    /** Whether a declaration's value can be judged: missing and zero values cannot. */
    public static boolean hasValue(Double valueUsd) {
        return valueUsd != null && valueUsd > 0;
    }

    public double usdPerKg() {
        return valueUsd / netWeightKg;
    }

    public YearMonth month() {
        return YearMonth.from(Instant.ofEpochMilli(eventTime).atZone(ZoneOffset.UTC));
    }
}

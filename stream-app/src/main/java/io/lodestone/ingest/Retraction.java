package io.lodestone.ingest;

import io.lodestone.avro.Shipment;
import java.time.Instant;

/**
 * What a declaration added to its route-day, kept so that an amendment can take it back: its day,
 * its route's fields and its figures.
 */
public record Retraction(
        Instant eventTime,
        String hsCode,
        String originCountry,
        String exportCountry,
        String importCountry,
        double netWeightKg,
        Double valueUsd) {

    public static Retraction of(Shipment s) {
        return new Retraction(
                s.getEventTime(),
                s.getHsCode(),
                s.getOriginCountry(),
                s.getExportCountry(),
                s.getImportCountry(),
                s.getNetWeightKg(),
                s.getValueUsd());
    }
}

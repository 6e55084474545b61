package io.lodestone.ingest;

import io.lodestone.avro.Shipment;
import io.lodestone.reference.CommodityCatalogue;
import io.lodestone.reference.KgPerCommodity;
import io.lodestone.reference.ReferenceData;
import io.lodestone.schemas.dlq.DlqReason;
import java.util.Locale;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Checks a shipment's content against the contract and the reference data. The Avro schema already
 * guarantees types; this checks what a schema cannot: codes, ranges, catalogue membership, keys,
 * and that a declaration is one trade can make (its weight within its commodity's limit).
 */
public final class ShipmentValidator {

    private final CommodityCatalogue catalogue;
    private final KgPerCommodity limits;

    public ShipmentValidator(CommodityCatalogue catalogue, KgPerCommodity limits) {
        this.catalogue = catalogue;
        this.limits = limits;
    }

    /**
     * The stream of valid shipments; an invalid one throws, and the DLQ handler routes it to the
     * DLQ.
     */
    public static KStream<String, Shipment> build(
            KStream<String, Shipment> shipments, ReferenceData reference) {
        ShipmentValidator validator =
                new ShipmentValidator(reference.catalogue(), reference.declarationLimits());
        return shipments.mapValues(validator::validated, Named.as("validate-shipments"));
    }

    public Shipment validated(String key, Shipment s) {
        Checks.present(s, key);
        Checks.keyIsId(key, "shipmentId", s.getShipmentId());
        Checks.usableEventTime(s.getEventTime());
        Checks.required("exporterId", s.getExporterId());
        Checks.required("exporterName", s.getExporterName());
        Checks.required("consigneeId", s.getConsigneeId());
        Checks.required("consigneeName", s.getConsigneeName());
        Checks.country("reporter", s.getReporter());
        Checks.country("originCountry", s.getOriginCountry());
        Checks.country("exportCountry", s.getExportCountry());
        Checks.country("importCountry", s.getImportCountry());
        for (String transit : s.getTransitCountries()) {
            Checks.country("transitCountries", transit);
        }
        if (!(s.getNetWeightKg() > 0) || Double.isInfinite(s.getNetWeightKg())) {
            throw new InvalidRecordException(
                    DlqReason.INVALID_WEIGHT,
                    "netWeightKg must be greater than 0, got " + s.getNetWeightKg());
        }
        if (s.getValueUsd() != null && !(s.getValueUsd() >= 0)) {
            throw new InvalidRecordException(
                    DlqReason.INVALID_VALUE, "valueUsd must be 0 or more, got " + s.getValueUsd());
        }
        if (s.getRevision() != null && s.getRevision() < 1) {
            throw new InvalidRecordException(
                    DlqReason.INVALID_REVISION,
                    "revision must be 1 or more (or absent), got " + s.getRevision());
        }
        Checks.hsCode("hsCode", s.getHsCode());
        String commodity =
                catalogue
                        .commodityOf(s.getHsCode())
                        .orElseThrow(
                                () ->
                                        new InvalidRecordException(
                                                DlqReason.HS_CODE_NOT_IN_CATALOGUE,
                                                "hsCode "
                                                        + s.getHsCode()
                                                        + " matches no prefix of the commodity"
                                                        + " catalogue"));
        double maxKg = limits.kg(commodity);
        if (s.getNetWeightKg() > maxKg) {
            throw new InvalidRecordException(
                    DlqReason.IMPLAUSIBLE_DECLARATION,
                    String.format(
                            Locale.ROOT,
                            "netWeightKg %s is above %,.0f kg, the heaviest single %s declaration"
                                    + " that is plausible (declaration.limits.file)",
                            s.getNetWeightKg(),
                            maxKg,
                            commodity));
        }
        return s;
    }
}

package io.lodestone.ingest;

import io.lodestone.avro.Shipment;
import io.lodestone.reference.CommodityCatalogue;
import io.lodestone.schemas.dlq.DlqReason;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Checks a shipment's content against the contract and the reference data. The Avro schema already
 * guarantees types; this checks what a schema cannot: codes, ranges, catalogue membership, keys.
 */
public final class ShipmentValidator {

    private final CommodityCatalogue catalogue;

    public ShipmentValidator(CommodityCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * The stream of valid shipments; an invalid one throws, and the DLQ handler routes it to the
     * DLQ.
     */
    public static KStream<String, Shipment> build(
            KStream<String, Shipment> shipments, CommodityCatalogue catalogue) {
        ShipmentValidator validator = new ShipmentValidator(catalogue);
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
        if (catalogue.commodityOf(s.getHsCode()).isEmpty()) {
            throw new InvalidRecordException(
                    DlqReason.HS_CODE_NOT_IN_CATALOGUE,
                    "hsCode " + s.getHsCode() + " matches no prefix of the commodity catalogue");
        }
        return s;
    }
}

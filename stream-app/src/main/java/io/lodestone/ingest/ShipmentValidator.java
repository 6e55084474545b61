package io.lodestone.ingest;

import io.lodestone.avro.Shipment;
import io.lodestone.reference.CommodityCatalogue;
import io.lodestone.reference.Countries;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

import java.util.regex.Pattern;

/**
 * Checks a shipment's content against the contract and the reference data. The Avro schema already
 * guarantees types; this checks what a schema cannot: codes, ranges, catalogue membership, keys.
 */
public final class ShipmentValidator {

    private static final Pattern HS_CODE = Pattern.compile("\\d{4,10}");

    private final CommodityCatalogue catalogue;

    public ShipmentValidator(CommodityCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** The stream of valid shipments; an invalid one throws, and the DLQ handler routes it to the DLQ. */
    public static KStream<String, Shipment> build(KStream<String, Shipment> shipments, CommodityCatalogue catalogue) {
        ShipmentValidator validator = new ShipmentValidator(catalogue);
        return shipments.mapValues(validator::validated, Named.as("validate-shipments"));
    }

    public Shipment validated(String key, Shipment s) {
        if (s == null) {
            throw new InvalidRecordException(RejectReason.MISSING_VALUE, "record with key '" + key + "' has no value");
        }
        required("shipmentId", s.getShipmentId());
        if (!s.getShipmentId().equals(key)) {
            throw new InvalidRecordException(RejectReason.KEY_MISMATCH,
                    "key '" + key + "' is not the shipmentId '" + s.getShipmentId() + "'");
        }
        if (EventTimeExtractor.isInTheFuture(s.getEventTime())) {
            throw new InvalidRecordException(RejectReason.EVENT_TIME_IN_FUTURE, "eventTime " + s.getEventTime()
                    + " is more than " + EventTimeExtractor.MAX_FUTURE.toHours() + " h in the future");
        }
        required("exporterId", s.getExporterId());
        required("exporterName", s.getExporterName());
        required("consigneeId", s.getConsigneeId());
        required("consigneeName", s.getConsigneeName());
        country("reporter", s.getReporter());
        country("originCountry", s.getOriginCountry());
        country("exportCountry", s.getExportCountry());
        country("importCountry", s.getImportCountry());
        for (String transit : s.getTransitCountries()) {
            country("transitCountries", transit);
        }
        if (!(s.getNetWeightKg() > 0) || Double.isInfinite(s.getNetWeightKg())) {
            throw new InvalidRecordException(RejectReason.INVALID_WEIGHT, "netWeightKg must be greater than 0, got " + s.getNetWeightKg());
        }
        if (s.getValueUsd() != null && !(s.getValueUsd() >= 0)) {
            throw new InvalidRecordException(RejectReason.INVALID_VALUE, "valueUsd must be 0 or more, got " + s.getValueUsd());
        }
        if (!HS_CODE.matcher(s.getHsCode()).matches()) {
            throw new InvalidRecordException(RejectReason.INVALID_HS_CODE, "hsCode must be 4 to 10 digits, got '" + s.getHsCode() + "'");
        }
        if (catalogue.commodityOf(s.getHsCode()).isEmpty()) {
            throw new InvalidRecordException(RejectReason.HS_CODE_NOT_IN_CATALOGUE,
                    "hsCode " + s.getHsCode() + " matches no prefix of the commodity catalogue");
        }
        return s;
    }

    private static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException(RejectReason.MISSING_FIELD, "required field " + field + " is empty");
        }
    }

    private static void country(String field, String code) {
        if (!Countries.isKnown(code)) {
            throw new InvalidRecordException(RejectReason.UNKNOWN_COUNTRY,
                    field + " '" + code + "' is not an ISO-3166 alpha-2 country code");
        }
    }
}

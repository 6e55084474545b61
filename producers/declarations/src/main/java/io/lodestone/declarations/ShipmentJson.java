package io.lodestone.declarations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lodestone.avro.EndUse;
import io.lodestone.avro.Flow;
import io.lodestone.avro.Shipment;
import java.util.Set;

/** Maps one JSON object with the contract's field names to a {@link Shipment}. */
final class ShipmentJson {

    static final Set<String> FIELDS = JsonFields.namesOf(Shipment.getClassSchema());

    private ShipmentJson() {}

    static Shipment parse(ObjectNode json) {
        JsonFields f = new JsonFields(json, FIELDS);
        return Shipment.newBuilder()
                .setShipmentId(f.requiredString("shipmentId"))
                .setEventTime(f.requiredInstant("eventTime"))
                .setReporter(f.requiredCountry("reporter"))
                .setFlow(f.requiredEnum("flow", Flow.class))
                .setHsCode(f.requiredHsCode("hsCode"))
                .setOriginCountry(f.requiredCountry("originCountry"))
                .setExportCountry(f.requiredCountry("exportCountry"))
                .setImportCountry(f.requiredCountry("importCountry"))
                .setTransitCountries(f.countryList("transitCountries", false))
                .setExporterId(f.requiredString("exporterId"))
                .setExporterName(f.requiredString("exporterName"))
                .setConsigneeId(f.requiredString("consigneeId"))
                .setConsigneeName(f.requiredString("consigneeName"))
                .setEndUserName(f.optionalString("endUserName"))
                .setEndUse(f.requiredEnum("endUse", EndUse.class))
                .setNetWeightKg(f.requiredPositive("netWeightKg"))
                .setValueUsd(f.optionalNonNegative("valueUsd"))
                .setLicenseId(f.optionalString("licenseId"))
                .setTransportMode(f.optionalString("transportMode"))
                .setRevision(f.optionalPositiveInt("revision"))
                .build();
    }
}

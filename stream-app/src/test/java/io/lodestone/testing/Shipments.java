package io.lodestone.testing;

import io.lodestone.avro.EndUse;
import io.lodestone.avro.Flow;
import io.lodestone.avro.Shipment;

import java.time.Instant;
import java.util.List;

/** Valid shipments for tests; callers change what the test is about. */
public final class Shipments {

    private Shipments() {
    }

    public static Shipment.Builder shipment(String id, String eventTime, String hsCode, String origin, String export, String importer,
                                            double kg, Double usd) {
        return Shipment.newBuilder()
                .setShipmentId(id)
                .setEventTime(Instant.parse(eventTime))
                .setReporter(export)
                .setFlow(Flow.EXPORT)
                .setHsCode(hsCode)
                .setOriginCountry(origin)
                .setExportCountry(export)
                .setImportCountry(importer)
                .setTransitCountries(List.of())
                .setExporterId(export + "-EXP-1")
                .setExporterName("Exporter " + export)
                .setConsigneeId(importer + "-IMP-1")
                .setConsigneeName("Consignee " + importer)
                .setEndUse(EndUse.CIVILIAN)
                .setNetWeightKg(kg)
                .setValueUsd(usd);
    }
}

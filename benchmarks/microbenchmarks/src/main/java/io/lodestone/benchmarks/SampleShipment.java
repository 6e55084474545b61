package io.lodestone.benchmarks;

import io.lodestone.avro.EndUse;
import io.lodestone.avro.Flow;
import io.lodestone.avro.Shipment;
import java.time.Instant;
import java.util.List;

/** A realistic declaration, shaped like the sample data's antimony re-export through Thailand. */
final class SampleShipment {

    private SampleShipment() {}

    /** Every optional field is set, so decoding walks each union's non-null branch. */
    static Shipment antimonyViaThailand() {
        return Shipment.newBuilder()
                .setShipmentId("SHP-2024-001346")
                .setEventTime(Instant.parse("2024-12-26T13:45:00Z"))
                .setReporter("TH")
                .setFlow(Flow.EXPORT)
                .setHsCode("81102000")
                .setOriginCountry("CN")
                .setExportCountry("TH")
                .setImportCountry("US")
                .setTransitCountries(List.of("VN"))
                .setExporterId("TH-EXP-0003")
                .setExporterName("Siam Antimony Trading Co., Ltd.")
                .setConsigneeId("US-IMP-0001")
                .setConsigneeName("United States Antimony Corp")
                .setEndUserName("Ohio Drivetrain Inc")
                .setEndUse(EndUse.CIVILIAN)
                .setNetWeightKg(16996.5)
                .setValueUsd(492260.19)
                .setLicenseId("TH-ANT-2024-0011")
                .setTransportMode("SEA")
                .build();
    }
}

package io.lodestone.schemas.registry;

import io.lodestone.avro.Alert;
import io.lodestone.avro.EndUse;
import io.lodestone.avro.Flow;
import io.lodestone.avro.RouteVolume;
import io.lodestone.avro.Severity;
import io.lodestone.avro.Shipment;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One record of each contract the registry tests send, every field set. */
final class SampleRecords {

    static final Instant DAY = Instant.parse("2025-03-01T00:00:00Z");

    private SampleRecords() {}

    static Shipment shipment(String id, double kg) {
        return Shipment.newBuilder()
                .setShipmentId(id)
                .setEventTime(DAY.plusSeconds(3600))
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
                .setNetWeightKg(kg)
                .setValueUsd(kg * 29.0)
                .setLicenseId(null)
                .setTransportMode("SEA")
                .build();
    }

    static Alert alert(String id) {
        return Alert.newBuilder()
                .setAlertId(id)
                .setType("VOLUME_SURGE")
                .setSeverity(Severity.WARNING)
                .setCommodity("antimony")
                .setOriginCountry("CN")
                .setHubCountries(List.of("TH", "VN"))
                .setWindowStart(DAY)
                .setWindowEnd(DAY.plusSeconds(86_400))
                .setDetectedAt(DAY.plusSeconds(86_400))
                .setSummary("antimony CN->TH tripled")
                .setEvidence(Map.of("ratio", 3.1))
                .setDetails(Map.of("licence", "none"))
                .setShipmentIds(List.of("SHP-1", "SHP-2"))
                .build();
    }

    static RouteVolume routeVolume(long count) {
        return RouteVolume.newBuilder()
                .setCommodity("antimony")
                .setOriginCountry("CN")
                .setExportCountry("TH")
                .setImportCountry("US")
                .setWindowStart(DAY)
                .setWindowEnd(DAY.plusSeconds(86_400))
                .setNetWeightKg(1234.5 * count)
                .setValueUsd(99.25 * count)
                .setShipmentCount(count)
                .build();
    }
}

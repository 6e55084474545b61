package io.lodestone.wiring;

import io.lodestone.avro.Alert;
import io.lodestone.avro.Case;
import io.lodestone.avro.CaseDecision;
import io.lodestone.avro.License;
import io.lodestone.avro.RouteVolume;
import io.lodestone.avro.Shipment;
import io.lodestone.schemas.topics.RegistryAccess;
import io.lodestone.schemas.topics.RegistrySerdes;
import org.apache.kafka.common.serialization.Serde;

/** The value serde of each contract, made once per topology from the registry's settings and shared by every part. */
public final class AvroSerdes {

    private final Serde<Shipment> shipment;
    private final Serde<License> license;
    private final Serde<RouteVolume> routeVolume;
    private final Serde<Alert> alert;
    private final Serde<Case> lodestoneCase;
    private final Serde<CaseDecision> caseDecision;

    public AvroSerdes(RegistryAccess registry) {
        shipment = RegistrySerdes.valueSerde(registry);
        license = RegistrySerdes.valueSerde(registry);
        routeVolume = RegistrySerdes.valueSerde(registry);
        alert = RegistrySerdes.valueSerde(registry);
        lodestoneCase = RegistrySerdes.valueSerde(registry);
        caseDecision = RegistrySerdes.valueSerde(registry);
    }

    public Serde<Shipment> shipment() {
        return shipment;
    }

    public Serde<License> license() {
        return license;
    }

    public Serde<RouteVolume> routeVolume() {
        return routeVolume;
    }

    public Serde<Alert> alert() {
        return alert;
    }

    public Serde<Case> lodestoneCase() {
        return lodestoneCase;
    }

    public Serde<CaseDecision> caseDecision() {
        return caseDecision;
    }
}

package io.lodestone.schemas.registry;

import io.lodestone.avro.Alert;
import io.lodestone.avro.Case;
import io.lodestone.avro.CaseDecision;
import io.lodestone.avro.License;
import io.lodestone.avro.RouteVolume;
import io.lodestone.avro.Shipment;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serde of each contract, made once from one {@link SchemaRegistry} and shared by
 * everything that reads or writes that contract: the topology's parts, and the tests that feed and
 * read them. Production passes the Apicurio registry, tests an {@link InMemorySchemaRegistry}.
 */
public final class AvroSerdes {

    private final SchemaRegistry registry;
    private final Serde<Shipment> shipment;
    private final Serde<License> license;
    private final Serde<RouteVolume> routeVolume;
    private final Serde<Alert> alert;
    private final Serde<Case> lodestoneCase;
    private final Serde<CaseDecision> caseDecision;

    public AvroSerdes(SchemaRegistry registry) {
        this.registry = registry;
        shipment = RegistrySerdes.valueSerde(registry);
        license = RegistrySerdes.valueSerde(registry);
        routeVolume = RegistrySerdes.valueSerde(registry);
        alert = RegistrySerdes.valueSerde(registry);
        lodestoneCase = RegistrySerdes.valueSerde(registry);
        caseDecision = RegistrySerdes.valueSerde(registry);
    }

    /** The registry behind these serdes. */
    public SchemaRegistry registry() {
        return registry;
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

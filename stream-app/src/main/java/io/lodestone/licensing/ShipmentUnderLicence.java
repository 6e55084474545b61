package io.lodestone.licensing;

import io.lodestone.avro.License;
import io.lodestone.state.ShipmentFacts;

/**
 * A shipment and the revision of the licence it cites as it stood at the shipment's time (null:
 * none).
 */
record ShipmentUnderLicence(ShipmentFacts shipment, License licence) implements LicenceEvent {}

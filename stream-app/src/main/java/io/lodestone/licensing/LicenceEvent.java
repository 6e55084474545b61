package io.lodestone.licensing;

import io.lodestone.avro.License;

/**
 * What reaches the licence judge, keyed by licenseId: a shipment with the licence revision in force
 * at its time, or a licence revision as it arrives (which may clear or change the judgements of
 * shipments it was in force for).
 */
sealed interface LicenceEvent permits ShipmentUnderLicence, LicenceEvent.Revision {

    record Revision(License licence) implements LicenceEvent {}
}

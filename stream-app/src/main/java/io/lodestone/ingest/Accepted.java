package io.lodestone.ingest;

import io.lodestone.avro.Shipment;

/**
 * A declaration the de-duplicator passes on, and, when it is an amendment, what the revision it
 * replaces had counted ({@code replaces}; null otherwise).
 */
public record Accepted(Shipment shipment, Retraction replaces) {}

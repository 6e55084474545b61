package io.lodestone.licensing;

import io.lodestone.revision.Alerted;
import io.lodestone.state.ShipmentFacts;
import java.util.List;

/**
 * A shipment as the licence judge last judged it, kept until {@code openUntilMs} (stream time): the
 * licence revision it was judged against (0: none in force), whether it uses the licence's quota,
 * and its findings as alerted.
 */
record JudgedShipment(
        ShipmentFacts shipment,
        int licenceRevision,
        boolean usesQuota,
        long openUntilMs,
        List<Alerted<LicenceFinding>> alerted) {}

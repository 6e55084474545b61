package io.lodestone.licensing;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lodestone.revision.Alerted;
import io.lodestone.state.JsonSerde;
import io.lodestone.state.ShipmentFacts;
import io.lodestone.state.Varints;
import io.lodestone.state.VersionedLayout;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * A shipment as the licence judge last judged it, kept until {@code openUntilMs} (stream time): the
 * licence revision it was judged against (0: none in force), whether it uses the licence's quota,
 * and its findings as alerted.
 *
 * <p>{@link #serde}'s layout, this type its one owner: after the version byte, the shipment's
 * {@link ShipmentFacts} as a {@link Varints#writeBytes byte string}, the licence revision and the
 * time it is open until as varints, a byte for the quota, then the findings as alerted in JSON (a
 * byte string; most shipments have none: "[]"). What the store held before, JSON, is read too.
 */
record JudgedShipment(
        ShipmentFacts shipment,
        int licenceRevision,
        boolean usesQuota,
        long openUntilMs,
        List<Alerted<LicenceFinding>> alerted) {

    private static final Serde<ShipmentFacts> FACTS = ShipmentFacts.serde();
    private static final Serde<List<Alerted<LicenceFinding>>> ALERTED =
            JsonSerde.of(new TypeReference<List<Alerted<LicenceFinding>>>() {});

    static Serde<JudgedShipment> serde() {
        return VersionedLayout.serde(
                "a licence judgement",
                (byte) 1,
                (byte) 1,
                (j, buffer) -> {
                    Varints.writeBytes(FACTS.serializer().serialize(null, j.shipment), buffer);
                    Varints.write(j.licenceRevision, buffer);
                    Varints.write(j.openUntilMs, buffer);
                    buffer.put((byte) (j.usesQuota ? 1 : 0));
                    Varints.writeBytes(ALERTED.serializer().serialize(null, j.alerted), buffer);
                },
                (layout, buffer) -> {
                    ShipmentFacts shipment =
                            FACTS.deserializer().deserialize(null, Varints.readBytes(buffer));
                    int licenceRevision = (int) Varints.read(buffer);
                    long openUntilMs = Varints.read(buffer);
                    boolean usesQuota = buffer.get() == 1;
                    return new JudgedShipment(
                            shipment,
                            licenceRevision,
                            usesQuota,
                            openUntilMs,
                            ALERTED.deserializer().deserialize(null, Varints.readBytes(buffer)));
                },
                VersionedLayout.json(JudgedShipment.class));
    }
}

package io.lodestone.rerouting;

import io.lodestone.state.ShipmentFacts;
import io.lodestone.state.Varints;
import io.lodestone.state.VersionedLayout;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;

/**
 * An outbound leg as the chain judge judged it: the inbound leg its chain was reported with ({@code
 * inboundId} and, since amendments, its facts {@code inbound}; null: none, or withdrawn) and that
 * alert's revision (0: never reported).
 *
 * <p>{@link #serde}'s layout, this type its one owner: after the version byte, the leg's {@link
 * ShipmentFacts} and the inbound id as {@link Varints#writeBytes byte strings}, the revision as a
 * varint, then the inbound leg's facts (a byte string; absent: none). What the store held before,
 * JSON, is read too.
 */
record JudgedOutbound(ShipmentFacts leg, String inboundId, int revision, ShipmentFacts inbound) {

    private static final Serde<ShipmentFacts> FACTS = ShipmentFacts.serde();

    static Serde<JudgedOutbound> serde() {
        return VersionedLayout.serde(
                "a judged outbound leg",
                (byte) 1,
                (byte) 1,
                (j, buffer) -> {
                    Varints.writeBytes(facts(j.leg), buffer);
                    Varints.writeBytes(utf8(j.inboundId), buffer);
                    Varints.write(j.revision, buffer);
                    Varints.writeBytes(facts(j.inbound), buffer);
                },
                (layout, buffer) -> {
                    ShipmentFacts leg = facts(Varints.readBytes(buffer));
                    byte[] inboundId = Varints.readBytes(buffer);
                    int revision = (int) Varints.read(buffer);
                    return new JudgedOutbound(
                            leg,
                            inboundId == null
                                    ? null
                                    : new String(inboundId, StandardCharsets.UTF_8),
                            revision,
                            facts(Varints.readBytes(buffer)));
                },
                VersionedLayout.json(JudgedOutbound.class));
    }

    private static byte[] facts(ShipmentFacts facts) {
        return FACTS.serializer().serialize(null, facts);
    }

    private static ShipmentFacts facts(byte[] bytes) {
        return FACTS.deserializer().deserialize(null, bytes);
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}

package io.lodestone.rerouting;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.EndUse;
import io.lodestone.state.JsonSerde;
import io.lodestone.state.ShipmentFacts;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class JudgedOutboundTest {

    private static final Serde<JudgedOutbound> SERDE = JudgedOutbound.serde();

    private static ShipmentFacts leg(String id, String from, String to) {
        return new ShipmentFacts(
                id,
                Instant.parse("2025-02-01T08:00:00Z"),
                "28258000",
                "CN",
                from,
                to,
                from + "-EXP-7",
                "Siam Antimony Trading Co., Ltd.",
                "US Metals",
                null,
                EndUse.CIVILIAN,
                19_000.5,
                null);
    }

    @Test
    void readsWhatItWritesWithAndWithoutItsInboundLegAndTheJsonItReplaces() {
        JudgedOutbound reported =
                new JudgedOutbound(leg("OUT-1", "TH", "US"), "IN-1", 2, leg("IN-1", "CN", "TH"));
        JudgedOutbound never = new JudgedOutbound(leg("OUT-2", "TH", "US"), null, 0, null);
        Serde<JudgedOutbound> json = JsonSerde.of(JudgedOutbound.class);
        for (JudgedOutbound judged : List.of(reported, never)) {
            byte[] bytes = SERDE.serializer().serialize("t", judged);
            assertThat(bytes[0]).isEqualTo((byte) 1);
            assertThat(SERDE.deserializer().deserialize("t", bytes)).isEqualTo(judged);
            byte[] before = json.serializer().serialize("t", judged);
            assertThat(SERDE.deserializer().deserialize("t", before)).isEqualTo(judged);
            assertThat(bytes.length)
                    .as("binary %s, JSON %s", bytes.length, before.length)
                    .isLessThan(before.length / 3);
        }
    }
}

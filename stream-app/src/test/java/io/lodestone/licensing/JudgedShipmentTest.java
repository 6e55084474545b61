package io.lodestone.licensing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.alerts.AlertType;
import io.lodestone.avro.EndUse;
import io.lodestone.avro.Severity;
import io.lodestone.revision.Alerted;
import io.lodestone.state.JsonSerde;
import io.lodestone.state.ShipmentFacts;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class JudgedShipmentTest {

    private static final Serde<JudgedShipment> SERDE = JudgedShipment.serde();
    private static final ShipmentFacts FACTS =
            new ShipmentFacts(
                    "SHP-1",
                    Instant.parse("2025-02-01T08:00:00Z"),
                    "28258000",
                    "CN",
                    "CN",
                    "US",
                    "CN-EXP-7",
                    "Hunan Antimony Export Co.",
                    "US Metals",
                    null,
                    EndUse.CIVILIAN,
                    19_000.5,
                    41_250.0);
    private static final JudgedShipment WITH_FINDING =
            new JudgedShipment(
                    FACTS,
                    3,
                    true,
                    1_750_000_000_000L,
                    List.of(
                            new Alerted<>(
                                    new LicenceFinding(
                                            AlertType.LICENSE_NOT_VALID,
                                            Severity.WARNING,
                                            "licence L-1 had expired",
                                            Map.of("netWeightKg", 19_000.5),
                                            Map.of("licenseId", "L-1")),
                                    2,
                                    false)));
    private static final JudgedShipment WITHOUT =
            new JudgedShipment(FACTS, 0, false, -1, List.of());

    @Test
    void readsWhatItWritesInAThirdOfTheJsonItReplaces() {
        for (JudgedShipment judged : List.of(WITH_FINDING, WITHOUT)) {
            byte[] bytes = SERDE.serializer().serialize("t", judged);
            assertThat(bytes[0]).isEqualTo((byte) 1);
            assertThat(SERDE.deserializer().deserialize("t", bytes)).isEqualTo(judged);
        }
        byte[] binary = SERDE.serializer().serialize("t", WITHOUT);
        byte[] json = JsonSerde.of(JudgedShipment.class).serializer().serialize("t", WITHOUT);
        assertThat(binary.length)
                .as("binary %s, JSON %s", binary.length, json.length)
                .isLessThan(json.length / 3);
    }

    @Test
    void readsTheJsonTheStoreHeldBeforeAndRefusesAnythingElseWithAReason() {
        byte[] json = JsonSerde.of(JudgedShipment.class).serializer().serialize("t", WITH_FINDING);
        assertThat(SERDE.deserializer().deserialize("t", json)).isEqualTo(WITH_FINDING);

        byte[] bytes = SERDE.serializer().serialize("t", WITH_FINDING);
        byte[] future = bytes.clone();
        future[0] = 2;
        assertThatThrownBy(() -> SERDE.deserializer().deserialize("t", future))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "not a licence judgement on t: layout version 2, this build reads 1 and"
                                + " JSON");
        assertThatThrownBy(
                        () ->
                                SERDE.deserializer()
                                        .deserialize("t", Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "a licence judgement on t cut short or corrupt ("
                                + (bytes.length - 1)
                                + " bytes)");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> SERDE.deserializer().deserialize("t", longer))
                .isInstanceOf(SerializationException.class)
                .hasRootCauseMessage("1 bytes past the end");
    }
}

package io.lodestone.state;

import static io.lodestone.testing.Shipments.shipment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.avro.EndUse;
import io.lodestone.avro.Shipment;
import io.lodestone.schemas.registry.InMemorySchemaRegistry;
import io.lodestone.schemas.registry.RegistrySerdes;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The binary layout of a shipment's facts, and the whole Avro shipments the same topics and stores
 * held before it.
 */
class ShipmentFactsTest {

    private static final String TOPIC = "lodestone-chain-legs-repartition";

    private final Serde<Shipment> avro = RegistrySerdes.valueSerde(new InMemorySchemaRegistry());
    private final Serde<ShipmentFacts> serde = ShipmentFacts.serde(avro.deserializer());

    @Test
    void readsWhatItWritesWithAndWithoutTheOptionalFields() {
        ShipmentFacts full =
                new ShipmentFacts(
                        "SHP-1",
                        Instant.parse("2025-02-01T08:00:00.123Z"),
                        "28258000",
                        "CN",
                        "TH",
                        "US",
                        "TH-EXP-7",
                        "Siam Antimony Trading Co., Ltd.",
                        "Ünited Métals — 東京",
                        "US Defense Metals",
                        EndUse.DUAL_USE,
                        19_000.5,
                        41_250.75);
        ShipmentFacts sparse =
                new ShipmentFacts(
                        "SHP-2",
                        Instant.EPOCH,
                        "2825",
                        "CN",
                        "CN",
                        "TH",
                        "CN-EXP-1",
                        "",
                        "Siam Antimony",
                        null,
                        EndUse.UNKNOWN,
                        0.001,
                        null);
        // lengths of 128 and more take two varint bytes, of 16,384 and more three
        ShipmentFacts longNames =
                new ShipmentFacts(
                        "SHP-3",
                        Instant.EPOCH,
                        "2825",
                        "CN",
                        "CN",
                        "TH",
                        "CN-EXP-1",
                        "Ä".repeat(100),
                        "x".repeat(20_000),
                        "y".repeat(127),
                        EndUse.MILITARY,
                        1,
                        2.0);

        for (ShipmentFacts facts : new ShipmentFacts[] {full, sparse, longNames}) {
            byte[] bytes = serde.serializer().serialize(TOPIC, facts);
            assertThat(bytes[0]).isEqualTo((byte) 2);
            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(facts);
        }
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void keepsWhatTheJudgesReadAndIsSmallerThanTheWholeDeclaration() {
        Shipment s =
                shipment(
                                "SHP-CN-TH-0001",
                                "2025-01-10T08:00:00Z",
                                "28258000",
                                "CN",
                                "CN",
                                "TH",
                                20_000,
                                1.0)
                        .setEndUserName("Siam Antimony")
                        .setLicenseId("L-CN-1")
                        .setTransportMode("SEA")
                        .build();

        ShipmentFacts facts = ShipmentFacts.of(s);
        assertThat(facts)
                .isEqualTo(
                        new ShipmentFacts(
                                "SHP-CN-TH-0001",
                                Instant.parse("2025-01-10T08:00:00Z"),
                                "28258000",
                                "CN",
                                "CN",
                                "TH",
                                "CN-EXP-1",
                                "Exporter CN",
                                "Consignee TH",
                                "Siam Antimony",
                                EndUse.CIVILIAN,
                                20_000,
                                1.0));
        // 11 bytes of version, time (6), weight (3) and value (1); 10 strings of 80 bytes, each
        // after its 1-byte length
        assertThat(serde.serializer().serialize(TOPIC, facts)).hasSize(101);
        assertThat(avro.serializer().serialize(TOPIC, s))
                .hasSize(139); // 5 bytes of Confluent framing, then the Avro record
    }

    @Test
    void readsLayoutOneWithItsFixedWidthNumbers() {
        byte[] strings = {
            6, 'S', 'H', 'P', '-', '1', //
            5, '2', '8', '2', '5', //
            3, 'C', 'N', 3, 'C', 'N', 3, 'T', 'H', //
            2, 'E', 1, 2, 'C', 0, //
            9, 'C', 'I', 'V', 'I', 'L', 'I', 'A', 'N'
        };
        ByteBuffer layout1 = ByteBuffer.allocate(1 + 8 + 8 + 1 + 8 + strings.length);
        layout1.put((byte) 1).putLong(1_736_496_000_000L).putDouble(20_000.25);
        layout1.put((byte) 1).putDouble(0.1 + 0.2).put(strings);

        assertThat(serde.deserializer().deserialize(TOPIC, layout1.array()))
                .isEqualTo(
                        new ShipmentFacts(
                                "SHP-1",
                                Instant.parse("2025-01-10T08:00:00Z"),
                                "2825",
                                "CN",
                                "CN",
                                "TH",
                                "E",
                                "",
                                "C",
                                null,
                                EndUse.CIVILIAN,
                                20_000.25,
                                0.1 + 0.2));
        ByteBuffer noValue = ByteBuffer.allocate(1 + 8 + 8 + 1 + strings.length);
        noValue.put((byte) 1).putLong(0).putDouble(1).put((byte) 0).put(strings);
        assertThat(serde.deserializer().deserialize(TOPIC, noValue.array()).valueUsd()).isNull();
    }

    @Test
    void readsAWholeAvroShipmentWrittenBeforeTheLayout() {
        Shipment s =
                shipment(
                                "SHP-OLD",
                                "2025-01-10T08:00:00Z",
                                "28258000",
                                "CN",
                                "CN",
                                "TH",
                                20_000,
                                null)
                        .setConsigneeName("Siam Antimony Trading Co., Ltd.")
                        .build();

        assertThat(serde.deserializer().deserialize(TOPIC, avro.serializer().serialize(TOPIC, s)))
                .isEqualTo(ShipmentFacts.of(s));
    }

    @Test
    void refusesAnUnknownLayoutOrACutRecord() {
        byte[] bytes =
                serde.serializer()
                        .serialize(
                                TOPIC,
                                ShipmentFacts.of(
                                        shipment(
                                                        "SHP-1",
                                                        "2025-01-10T08:00:00Z",
                                                        "28258000",
                                                        "CN",
                                                        "CN",
                                                        "TH",
                                                        20_000,
                                                        1.0)
                                                .build()));
        byte[] future = bytes.clone();
        future[0] = 3;

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, future))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "not a shipment's facts on "
                                + TOPIC
                                + ": layout version 3, this build reads 1 to 2 and whole Avro"
                                + " shipments");
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "not a shipment's facts on "
                                + TOPIC
                                + ": layout version missing, this build reads 1 to 2 and whole Avro"
                                + " shipments");
        assertThatThrownBy(
                        () ->
                                serde.deserializer()
                                        .deserialize(TOPIC, Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(SerializationException.class)
                .hasMessage(
                        "a shipment's facts on "
                                + TOPIC
                                + " cut short or corrupt ("
                                + (bytes.length - 3)
                                + " bytes)");
    }
}

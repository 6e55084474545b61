package io.lodestone.ingest;

import static io.lodestone.testing.Shipments.shipment;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.EndUse;
import io.lodestone.avro.Shipment;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class FirstCopyTest {

    private static final Serde<FirstCopy> SERDE = FirstCopy.serde();
    private static final Shipment FIRST =
            shipment("S-1", "2025-01-10T01:00:00Z", "28258000", "CN", "CN", "TH", 1000, 5000.0)
                    .build();
    private static final int FIELDS = FIRST.getSchema().getFields().size();

    private static FirstCopy stored(Shipment s) {
        byte[] bytes = SERDE.serializer().serialize("t", FirstCopy.of(s, 42));
        return SERDE.deserializer().deserialize("t", bytes);
    }

    @Test
    void theSameContentIsARe_sendAndOtherContentNamesItsFields() {
        FirstCopy first = stored(FIRST);
        assertThat(first.eventTime()).isEqualTo(FIRST.getEventTime().toEpochMilli());
        assertThat(first.offset()).isEqualTo(42);
        assertThat(first.sameContent(Shipment.newBuilder(FIRST).build())).isTrue();

        Shipment other =
                Shipment.newBuilder(FIRST)
                        .setNetWeightKg(9000)
                        .setEndUse(EndUse.MILITARY)
                        .setValueUsd(null)
                        .build();
        assertThat(first.sameContent(other)).isFalse();
        assertThat(first.differingFields(other))
                .containsExactly("endUse=MILITARY", "netWeightKg=9000.0", "valueUsd=null");
    }

    @Test
    void aValueIsAboutSixtyBytesAndKeepsWhatTheCopyCounted() {
        assertThat(SERDE.serializer().serialize("t", FirstCopy.of(FIRST, 42)))
                .hasSize(
                        1 // layout
                                + 6 // event time as a varint (41 bits)
                                + 8 // fingerprint
                                + 1 // offset + 1 as a varint
                                + 1 // revision as a varint
                                + 2 // net weight 1000: 8000 as a varint
                                + 3 // value 5000.0: 40000 as a varint
                                + (1 + 8) // hsCode
                                + 3 * 2 // countries
                                + FIELDS); // a byte a field
        assertThat(SERDE.serializer().serialize("t", FirstCopy.of(FIRST, 3_000_000_000L)))
                .as("an offset past 2^28 takes five varint bytes")
                .hasSize(1 + 6 + 8 + 5 + 1 + 2 + 3 + (1 + 8) + 3 * 2 + FIELDS);
        Shipment oddWeight = Shipment.newBuilder(FIRST).setNetWeightKg(0.1 + 0.2).build();
        assertThat(stored(oddWeight).counted().netWeightKg())
                .as("a weight that is no short decimal is kept whole, bit for bit")
                .isEqualTo(0.30000000000000004);
        FirstCopy amendment =
                stored(Shipment.newBuilder(FIRST).setRevision(3).setValueUsd(null).build());
        assertThat(amendment.revision()).isEqualTo(3);
        assertThat(amendment.counted())
                .isEqualTo(
                        new Retraction(
                                FIRST.getEventTime(), "28258000", "CN", "CN", "TH", 1000, null));
        assertThat(stored(FIRST).counted().valueUsd()).isEqualTo(5000.0);
    }

    @Test
    void aCopyOfLayoutThreeIsReadWithItsFixedWidthNumbers() {
        FirstCopy now = FirstCopy.of(FIRST, 7);
        ByteBuffer layout3 = ByteBuffer.allocate(1 + 2 * 8 + 2 + 2 * 8 + 9 + 6 + FIELDS);
        layout3.put((byte) 3).putLong(now.eventTime()).putLong(now.fingerprint());
        layout3.put((byte) 8).put((byte) 2).putDouble(1000).putDouble(Double.NaN);
        layout3.put((byte) 8).put("28258000".getBytes()).put("CNCNTH".getBytes());
        for (short hash : now.fieldHashes()) {
            layout3.put((byte) (hash ^ (hash >>> 8))); // 16 bits folded into 8
        }
        FirstCopy read = SERDE.deserializer().deserialize("t", layout3.array());
        assertThat(read.revision()).isEqualTo(2);
        assertThat(read.offset()).isEqualTo(7);
        assertThat(read.counted())
                .isEqualTo(
                        new Retraction(
                                FIRST.getEventTime(), "28258000", "CN", "CN", "TH", 1000, null));
        assertThat(read.sameContent(FIRST)).isTrue();
        assertThat(read.differingFields(Shipment.newBuilder(FIRST).setNetWeightKg(9).build()))
                .containsExactly("netWeightKg=9.0");
    }

    @Test
    void aCopyOfLayoutTwoIsReadWithWhatItCountedAndItsWiderHashesStillNameFields() {
        FirstCopy now = FirstCopy.of(FIRST, 7);
        byte[][] strings = {
            "28258000".getBytes(), "CN".getBytes(), "CN".getBytes(), "TH".getBytes()
        };
        ByteBuffer layout2 = ByteBuffer.allocate(1 + 3 * 8 + 4 + 2 * 8 + 4 * 2 + 14 + 2 * FIELDS);
        layout2.put((byte) 2).putLong(now.eventTime()).putLong(7).putLong(now.fingerprint());
        layout2.putInt(2).putDouble(1000).putDouble(5000);
        for (byte[] string : strings) {
            layout2.putShort((short) string.length).put(string);
        }
        for (short hash : now.fieldHashes()) {
            layout2.putShort(hash);
        }
        FirstCopy read = SERDE.deserializer().deserialize("t", layout2.array());
        assertThat(read.revision()).isEqualTo(2);
        assertThat(read.offset()).isEqualTo(7);
        assertThat(read.counted())
                .isEqualTo(
                        new Retraction(
                                FIRST.getEventTime(), "28258000", "CN", "CN", "TH", 1000, 5000.0));
        assertThat(read.sameContent(FIRST)).isTrue();
        assertThat(read.differingFields(Shipment.newBuilder(FIRST).setNetWeightKg(9).build()))
                .containsExactly("netWeightKg=9.0");
    }

    @Test
    void aCopyOfLayoutOneIsRevisionOneWithNothingToTakeBack() {
        FirstCopy now = FirstCopy.of(FIRST, 7);
        java.nio.ByteBuffer layout1 =
                java.nio.ByteBuffer.allocate(1 + 3 * 8 + 2 * now.fieldHashes().length);
        layout1.put((byte) 1).putLong(now.eventTime()).putLong(7).putLong(now.fingerprint());
        for (short hash : now.fieldHashes()) {
            layout1.putShort(hash);
        }
        FirstCopy read = SERDE.deserializer().deserialize("t", layout1.array());
        assertThat(read.revision()).isEqualTo(1);
        assertThat(read.counted()).isNull();
        assertThat(read.sameContent(FIRST)).isTrue();
        assertThat(read.offset()).isEqualTo(7);
    }

    @Test
    void theEventTimeAloneAsTheStoreHeldItBeforeIsReadAsAnUnknownContentThatAnyCopyMatches() {
        byte[] before = Serdes.Long().serializer().serialize("t", 1_736_470_800_000L);
        FirstCopy legacy = SERDE.deserializer().deserialize("t", before);
        assertThat(legacy.eventTime()).isEqualTo(1_736_470_800_000L);
        assertThat(legacy.sameContent(Shipment.newBuilder(FIRST).setNetWeightKg(1).build()))
                .isTrue();
        assertThat(ByteBuffer.wrap(before).getLong()).isEqualTo(legacy.eventTime());
    }
}

package io.lodestone.schemas.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format's framing, owned here: magic byte 0, then the schema id as 4 bytes
 * big-endian, then the Avro binary of the value.
 */
final class ConfluentFraming {

    static final byte MAGIC_BYTE = 0;
    static final int LENGTH = 5;

    private ConfluentFraming() {}

    /** The framing of {@code id}. */
    static byte[] of(int id) {
        return new byte[] {
            MAGIC_BYTE, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id
        };
    }

    /**
     * The schema id of a framed record; a {@link SerializationException} saying what was found if
     * it is not framed.
     */
    static int id(String topic, byte[] data) {
        if (data.length < LENGTH || data[0] != MAGIC_BYTE) {
            throw new SerializationException(
                    String.format(
                            "record on topic %s is not in the Confluent wire format: %s, where"
                                    + " magic byte 0 and a 4-byte schema id were expected",
                            topic,
                            data.length == 0
                                    ? "it is empty"
                                    : data.length < LENGTH
                                            ? "it has only " + data.length + " bytes"
                                            : String.format("its first byte is 0x%02x", data[0])));
        }
        return id(data);
    }

    /** The schema id of bytes known to be framed. */
    static int id(byte[] framed) {
        return (framed[1] & 0xff) << 24
                | (framed[2] & 0xff) << 16
                | (framed[3] & 0xff) << 8
                | framed[4] & 0xff;
    }
}

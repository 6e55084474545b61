package io.lodestone.ingest;

import io.lodestone.avro.Shipment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the de-duplication store keeps of the first copy of a shipment id, small because the store
 * holds every id within {@code dedup.retention}: its event time (for the retention), where it was
 * read (partition offset, so an analyst can fetch it), a 64-bit fingerprint of its content (which
 * tells a re-send from a copy with other content) and a 16-bit hash of each field in schema order
 * (which names the fields that differ; two different values of one field hash alike once in
 * 65,536).
 *
 * <p>Layout: a version byte (1), event time, offset and fingerprint as 8 bytes each, then 2 bytes a
 * field. A value of 8 bytes is the event time alone, as the store held before: read with no
 * content, so a later copy of it counts as re-sent.
 */
public record FirstCopy(long eventTime, long offset, long fingerprint, short[] fieldHashes) {

    private static final byte VERSION = 1;
    private static final int HEADER = 1 + 3 * Long.BYTES;

    public static FirstCopy of(Shipment shipment, long offset) {
        List<Schema.Field> fields = shipment.getSchema().getFields();
        short[] hashes = new short[fields.size()];
        long fingerprint = 0xcbf29ce484222325L;
        for (Schema.Field field : fields) {
            Object value = shipment.get(field.pos());
            String text = text(value);
            hashes[field.pos()] = (short) (text.hashCode() ^ (text.hashCode() >>> 16));
            if (value != null) { // so a field the schema gains, unset, changes no fingerprint
                fingerprint = fnv(fingerprint, field.name());
                fingerprint = fnv(fingerprint, text);
            }
        }
        return new FirstCopy(shipment.getEventTime().toEpochMilli(), offset, fingerprint, hashes);
    }

    /** Whether {@code later} has exactly this copy's content; true when that is unknown. */
    public boolean sameContent(Shipment later) {
        return fieldHashes == null || of(later, offset).fingerprint == fingerprint;
    }

    /**
     * The fields whose hash differs in {@code later}, each with its new value ({@code name=value});
     * a field the schema has gained since this copy was stored counts when {@code later} sets it.
     */
    public List<String> differingFields(Shipment later) {
        FirstCopy other = of(later, offset);
        List<String> differing = new ArrayList<>();
        for (Schema.Field field : later.getSchema().getFields()) {
            int i = field.pos();
            boolean differs =
                    i < fieldHashes.length
                            ? fieldHashes[i] != other.fieldHashes[i]
                            : later.get(i) != null;
            if (differs) {
                differing.add(field.name() + "=" + later.get(i));
            }
        }
        return differing;
    }

    public static Serde<FirstCopy> serde() {
        Serializer<FirstCopy> serializer =
                (topic, copy) -> {
                    if (copy == null) {
                        return null;
                    }
                    ByteBuffer bytes = ByteBuffer.allocate(HEADER + 2 * copy.fieldHashes.length);
                    bytes.put(VERSION)
                            .putLong(copy.eventTime)
                            .putLong(copy.offset)
                            .putLong(copy.fingerprint);
                    for (short hash : copy.fieldHashes) {
                        bytes.putShort(hash);
                    }
                    return bytes.array();
                };
        Deserializer<FirstCopy> deserializer =
                (topic, data) -> {
                    if (data == null) {
                        return null;
                    }
                    ByteBuffer bytes = ByteBuffer.wrap(data);
                    if (data.length == Long.BYTES) {
                        return new FirstCopy(bytes.getLong(), -1, 0, null);
                    }
                    if (data.length < HEADER
                            || data[0] != VERSION
                            || (data.length - HEADER) % 2 != 0) {
                        throw new SerializationException(
                                "not a first copy of layout "
                                        + VERSION
                                        + " ("
                                        + data.length
                                        + " bytes)");
                    }
                    bytes.get();
                    long eventTime = bytes.getLong();
                    long offset = bytes.getLong();
                    long fingerprint = bytes.getLong();
                    short[] hashes = new short[(data.length - HEADER) / 2];
                    for (int i = 0; i < hashes.length; i++) {
                        hashes[i] = bytes.getShort();
                    }
                    return new FirstCopy(eventTime, offset, fingerprint, hashes);
                };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** A field's value as text; null is its own text, apart from the word "null". */
    private static String text(Object value) {
        return value == null ? "\u0000" : String.valueOf(value);
    }

    /** 64-bit FNV-1a over the text's UTF-8 bytes, then a separator. */
    private static long fnv(long hash, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return (hash ^ 0xff) * 0x100000001b3L;
    }
}

package io.lodestone.ingest;

import io.lodestone.avro.Shipment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the de-duplication store keeps of the copy of a shipment id that stands (the first, or the
 * last amendment), small because the store holds every id within {@code dedup.retention}: its event
 * time (for the retention), where it was read (partition offset, so an analyst can fetch it), a
 * 64-bit fingerprint of its content (which tells a re-send from a copy with other content), its
 * {@code revision} (1 when absent), what it counted ({@link Retraction}: an amendment takes that
 * back) and a 16-bit hash of each field in schema order (which names the fields that differ; two
 * different values of one field hash alike once in 65,536).
 *
 * <p>Layout 2: a version byte, event time, offset and fingerprint as 8 bytes each, the revision as
 * 4, net weight and value as 8 each (NaN: no value), hsCode and the three countries each as a
 * 2-byte length and UTF-8, then 2 bytes a field. Layout 1 (no revision, nothing counted) and a
 * value of 8 bytes (the event time alone, as the store held first) are read too: such a copy is
 * revision 1 and cannot be amended.
 */
public record FirstCopy(
        long eventTime,
        long offset,
        long fingerprint,
        short[] fieldHashes,
        int revision,
        Retraction counted) {

    private static final byte LAYOUT_1 = 1;
    private static final byte VERSION = 2;
    private static final int HEADER_1 = 1 + 3 * Long.BYTES;

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
        return new FirstCopy(
                shipment.getEventTime().toEpochMilli(),
                offset,
                fingerprint,
                hashes,
                revisionOf(shipment),
                Retraction.of(shipment));
    }

    /** A shipment's revision: 1 when it has none. */
    public static int revisionOf(Shipment shipment) {
        return shipment.getRevision() == null ? 1 : shipment.getRevision();
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
        Serializer<FirstCopy> serializer = (topic, copy) -> copy == null ? null : write(copy);
        Deserializer<FirstCopy> deserializer =
                (topic, data) -> {
                    if (data == null) {
                        return null;
                    }
                    ByteBuffer bytes = ByteBuffer.wrap(data);
                    if (data.length == Long.BYTES) {
                        return new FirstCopy(bytes.getLong(), -1, 0, null, 1, null);
                    }
                    try {
                        return read(bytes);
                    } catch (RuntimeException e) {
                        throw new SerializationException(
                                "not a first copy of layout 1 or "
                                        + VERSION
                                        + " ("
                                        + data.length
                                        + " bytes)",
                                e);
                    }
                };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static byte[] write(FirstCopy copy) {
        Retraction c = copy.counted;
        byte[][] strings = {
            utf8(c.hsCode()),
            utf8(c.originCountry()),
            utf8(c.exportCountry()),
            utf8(c.importCountry())
        };
        int size = HEADER_1 + Integer.BYTES + 2 * Double.BYTES + 2 * copy.fieldHashes.length;
        for (byte[] string : strings) {
            size += Short.BYTES + string.length;
        }
        ByteBuffer bytes = ByteBuffer.allocate(size);
        bytes.put(VERSION)
                .putLong(copy.eventTime)
                .putLong(copy.offset)
                .putLong(copy.fingerprint)
                .putInt(copy.revision)
                .putDouble(c.netWeightKg())
                .putDouble(c.valueUsd() == null ? Double.NaN : c.valueUsd());
        for (byte[] string : strings) {
            bytes.putShort((short) string.length).put(string);
        }
        for (short hash : copy.fieldHashes) {
            bytes.putShort(hash);
        }
        return bytes.array();
    }

    private static FirstCopy read(ByteBuffer bytes) {
        byte layout = bytes.get();
        if (layout != LAYOUT_1 && layout != VERSION) {
            throw new IllegalArgumentException("layout " + layout);
        }
        long eventTime = bytes.getLong();
        long offset = bytes.getLong();
        long fingerprint = bytes.getLong();
        int revision = 1;
        Retraction counted = null;
        if (layout == VERSION) {
            revision = bytes.getInt();
            double weight = bytes.getDouble();
            double value = bytes.getDouble();
            counted =
                    new Retraction(
                            Instant.ofEpochMilli(eventTime),
                            string(bytes),
                            string(bytes),
                            string(bytes),
                            string(bytes),
                            weight,
                            Double.isNaN(value) ? null : value);
        }
        if (bytes.remaining() % 2 != 0) {
            throw new IllegalArgumentException("odd field hashes");
        }
        short[] hashes = new short[bytes.remaining() / 2];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = bytes.getShort();
        }
        return new FirstCopy(eventTime, offset, fingerprint, hashes, revision, counted);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(ByteBuffer bytes) {
        byte[] string = new byte[bytes.getShort()];
        bytes.get(string);
        return new String(string, StandardCharsets.UTF_8);
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

package io.lodestone.ingest;

import io.lodestone.avro.Shipment;
import io.lodestone.state.Varints;
import io.lodestone.state.VersionedLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;

/**
 * What the de-duplication store keeps of the copy of a shipment id that stands (the first, or the
 * last amendment), small because the store holds every id within {@code dedup.retention}: its event
 * time (for the retention), where it was read (partition offset, so an analyst can fetch it), a
 * 64-bit fingerprint of its content (which tells a re-send from a copy with other content), its
 * {@code revision} (1 when absent), what it counted ({@link Retraction}: an amendment takes that
 * back) and an 8-bit hash of each field in schema order (which names the fields that differ; two
 * different values of one field hash alike once in 256, and such a field goes unnamed: the
 * fingerprint still finds the conflict).
 *
 * <p>Layout 4, about 60 bytes: a version byte, event time as a varint, fingerprint as 8 bytes,
 * offset + 1 and revision as varints, net weight and value as {@link Varints#writeDecimal decimals}
 * (value NaN: none), hsCode as a length byte and ASCII, the three countries as 2 ASCII bytes each,
 * then a byte a field. Layout 3 (about 70 bytes: event time, weight and value as 8 bytes each),
 * layout 2 (110 bytes: fixed-width numbers, length-prefixed strings, 16-bit field hashes), layout 1
 * (no revision, nothing counted) and a value of 8 bytes (the event time alone, as the store held
 * first) are read too; the last two are revision 1 and cannot be amended.
 */
public record FirstCopy(
        long eventTime,
        long offset,
        long fingerprint,
        short[] fieldHashes,
        int revision,
        Retraction counted) {

    private static final byte LAYOUT_1 = 1;
    private static final byte LAYOUT_2 = 2;
    private static final byte LAYOUT_3 = 3;
    private static final byte VERSION = 4;

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
                            ? narrow(fieldHashes[i]) != narrow(other.fieldHashes[i])
                            : later.get(i) != null;
            if (differs) {
                differing.add(field.name() + "=" + later.get(i));
            }
        }
        return differing;
    }

    public static Serde<FirstCopy> serde() {
        return VersionedLayout.serde(
                "a first copy",
                LAYOUT_1,
                VERSION,
                FirstCopy::write,
                FirstCopy::read,
                new VersionedLayout.Earlier<>(
                        "the event time alone",
                        bytes -> bytes.length == Long.BYTES,
                        (topic, bytes) ->
                                new FirstCopy(
                                        ByteBuffer.wrap(bytes).getLong(), -1, 0, null, 1, null)));
    }

    private static void write(FirstCopy copy, ByteBuffer bytes) {
        Retraction c = copy.counted;
        Varints.write(copy.eventTime, bytes);
        bytes.putLong(copy.fingerprint);
        Varints.write(copy.offset + 1, bytes);
        Varints.write(copy.revision, bytes);
        Varints.writeDecimal(c.netWeightKg(), bytes);
        Varints.writeDecimal(c.valueUsd() == null ? Double.NaN : c.valueUsd(), bytes);
        byte[] hsCode = ascii(c.hsCode(), 0);
        bytes.put((byte) hsCode.length)
                .put(hsCode)
                .put(ascii(c.originCountry(), 2))
                .put(ascii(c.exportCountry(), 2))
                .put(ascii(c.importCountry(), 2));
        for (short hash : copy.fieldHashes) {
            bytes.put((byte) narrow(hash));
        }
    }

    private static FirstCopy read(byte layout, ByteBuffer bytes) {
        if (layout == VERSION || layout == LAYOUT_3) {
            boolean compact = layout == VERSION;
            long eventTime = compact ? Varints.read(bytes) : bytes.getLong();
            long fingerprint = bytes.getLong();
            long offset = Varints.read(bytes) - 1;
            int revision = (int) Varints.read(bytes);
            double weight = compact ? Varints.readDecimal(bytes) : bytes.getDouble();
            double value = compact ? Varints.readDecimal(bytes) : bytes.getDouble();
            String hsCode = ascii(bytes, bytes.get() & 0xff);
            Retraction counted =
                    new Retraction(
                            Instant.ofEpochMilli(eventTime),
                            hsCode,
                            ascii(bytes, 2),
                            ascii(bytes, 2),
                            ascii(bytes, 2),
                            weight,
                            Double.isNaN(value) ? null : value);
            short[] hashes = new short[bytes.remaining()];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = (short) (bytes.get() & 0xff);
            }
            return new FirstCopy(eventTime, offset, fingerprint, hashes, revision, counted);
        }
        long eventTime = bytes.getLong();
        long offset = bytes.getLong();
        long fingerprint = bytes.getLong();
        int revision = 1;
        Retraction counted = null;
        if (layout == LAYOUT_2) {
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

    /**
     * A field hash as layouts 3 and 4 keep it: 16 bits folded into 8, so hashes of every layout
     * compare.
     */
    private static int narrow(short hash) {
        return (hash ^ (hash >>> 8)) & 0xff;
    }

    /** {@code text} as ASCII bytes, of exactly {@code length} of them unless 0 (then up to 255). */
    private static byte[] ascii(String text, int length) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (!text.chars().allMatch(c -> c < 128)
                || (length == 0 ? bytes.length > 255 : bytes.length != length)) {
            throw new IllegalArgumentException(
                    "cannot keep '" + text + "' in a first copy: not " + length + " ASCII bytes");
        }
        return bytes;
    }

    private static String ascii(ByteBuffer bytes, int length) {
        byte[] text = new byte[length];
        bytes.get(text);
        return new String(text, StandardCharsets.US_ASCII);
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

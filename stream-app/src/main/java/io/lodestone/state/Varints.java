package io.lodestone.state;

import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varints, 7 bits a byte, low bits first, and what the binary layouts write with
 * them (decimals, byte strings after their length): the layouts' one owner of these.
 */
public final class Varints {

    private Varints() {}

    /** How many bytes {@code value} (unsigned) takes. */
    public static int size(long value) {
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    public static void write(long value, ByteBuffer buffer) {
        while ((value & ~0x7FL) != 0) {
            buffer.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        buffer.put((byte) value);
    }

    public static long read(ByteBuffer buffer) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buffer.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a varint longer than 10 bytes");
    }

    /** How many bytes {@link #writeBytes} takes for {@code bytes}. */
    public static int sizeOfBytes(byte[] bytes) {
        return bytes == null ? 1 : size(bytes.length + 1L) + bytes.length;
    }

    /** {@code bytes} after their length + 1 as a varint; null as a 0 alone. */
    public static void writeBytes(byte[] bytes, ByteBuffer buffer) {
        write(bytes == null ? 0 : bytes.length + 1L, buffer);
        if (bytes != null) {
            buffer.put(bytes);
        }
    }

    /** What {@link #writeBytes} wrote. */
    public static byte[] readBytes(ByteBuffer buffer) {
        long lengthPlusOne = read(buffer);
        if (lengthPlusOne == 0) {
            return null;
        }
        if (lengthPlusOne - 1 > buffer.remaining()) {
            throw new IllegalArgumentException(
                    (lengthPlusOne - 1) + " bytes announced, " + buffer.remaining() + " left");
        }
        byte[] bytes = new byte[(int) (lengthPlusOne - 1)];
        buffer.get(bytes);
        return bytes;
    }

    /** The most decimal places a short decimal keeps; 7 in the low bits marks the other cases. */
    private static final int MOST_PLACES = 6;

    private static final int NOT_SHORT = 7;

    private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    /**
     * {@code value} as a short decimal when it is one (a non-negative amount with at most six
     * decimal places, as declarations write weights and prices): a varint of its digits shifted
     * left by 3 over the number of places, 3 to 6 bytes for a typical weight or price instead of a
     * double's 8. Read back bit for bit: a value is written short only when dividing its digits by
     * the power of ten gives exactly it back; any other value (negative, -0.0, infinite, too long)
     * is a marker byte and its 8 bytes, and NaN (no value) is a marker byte alone.
     */
    public static void writeDecimal(double value, ByteBuffer buffer) {
        if (Double.isNaN(value)) {
            write(NOT_SHORT, buffer);
            return;
        }
        if (value >= 0 && value < 1L << 50 && Double.compare(value, 0.0) >= 0) {
            for (int places = 0; places <= MOST_PLACES; places++) {
                double scaled = value * POWERS[places];
                if (scaled >= 1L << 53) {
                    break;
                }
                long digits = Math.round(scaled);
                if (Double.compare((double) digits / POWERS[places], value) == 0) {
                    write(digits << 3 | places, buffer);
                    return;
                }
            }
        }
        write(1 << 3 | NOT_SHORT, buffer);
        buffer.putDouble(value);
    }

    /** What {@link #writeDecimal} wrote: NaN where it wrote no value. */
    public static double readDecimal(ByteBuffer buffer) {
        long written = read(buffer);
        int places = (int) (written & 7);
        if (places != NOT_SHORT) {
            return (double) (written >>> 3) / POWERS[places];
        }
        return switch ((int) (written >>> 3)) {
            case 0 -> Double.NaN;
            case 1 -> buffer.getDouble();
            default -> throw new IllegalArgumentException("decimal marker " + written);
        };
    }
}

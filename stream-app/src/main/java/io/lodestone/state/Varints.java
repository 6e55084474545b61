package io.lodestone.state;

import java.nio.ByteBuffer;

/**
 * Unsigned LEB128 varints, 7 bits a byte, low bits first: the binary layouts' one owner of them.
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
}

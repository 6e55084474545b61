package io.lodestone.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VarintsTest {

    private static ByteBuffer decimal(double value) {
        ByteBuffer buffer = ByteBuffer.allocate(16);
        Varints.writeDecimal(value, buffer);
        return buffer.flip();
    }

    private static double roundTrip(double value) {
        ByteBuffer written = decimal(value);
        double read = Varints.readDecimal(written);
        assertThat(written.remaining()).as("every byte written is read").isZero();
        return read;
    }

    @Test
    void weightsAndPricesAsDeclaredTakeThreeToSixBytes() {
        assertThat(decimal(12_345.6).remaining()).isEqualTo(3); // 123456 << 3 | 1: 20 bits
        assertThat(decimal(16_996.5).remaining()).isEqualTo(3);
        assertThat(decimal(492_260.19).remaining()).isEqualTo(5); // 49226019 << 3 | 2: 29 bits
        assertThat(decimal(300_000.0).remaining()).isEqualTo(4);
        assertThat(decimal(7_500_000_000.0).remaining()).isEqualTo(6);
        assertThat(decimal(0.0).remaining()).isEqualTo(1);
        assertThat(roundTrip(492_260.19)).isEqualTo(492_260.19);
        assertThat(roundTrip(0.000001)).isEqualTo(0.000001);
    }

    @Test
    void noValueIsOneByteAndAnythingElseIsKeptWholeBitForBit() {
        assertThat(decimal(Double.NaN).remaining()).isEqualTo(1);
        assertThat(roundTrip(Double.NaN)).isNaN();
        for (double whole :
                new double[] {
                    -1.5,
                    -0.0,
                    0.1 + 0.2,
                    Math.PI,
                    1e300,
                    Double.MIN_VALUE,
                    1e-7,
                    Double.POSITIVE_INFINITY,
                    (double) (1L << 53)
                }) {
            assertThat(decimal(whole).remaining()).as("%s", whole).isEqualTo(1 + 8);
            assertThat(Double.doubleToRawLongBits(roundTrip(whole)))
                    .as("%s", whole)
                    .isEqualTo(Double.doubleToRawLongBits(whole));
        }
    }

    @Test
    void everyDoubleComesBackBitForBit() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            double value =
                    switch (i % 4) {
                        case 0 -> Double.longBitsToDouble(random.nextLong());
                        case 1 -> Math.round(random.nextDouble() * 1e9) / 10.0;
                        case 2 -> Math.round(random.nextDouble() * 1e12) / 1e6;
                        default -> random.nextDouble() * 1e7;
                    };
            if (Double.isNaN(value)) {
                continue;
            }
            assertThat(Double.doubleToRawLongBits(roundTrip(value)))
                    .as("%s", value)
                    .isEqualTo(Double.doubleToRawLongBits(value));
        }
    }

    @Test
    void aMarkerItDidNotWriteIsRefused() {
        ByteBuffer buffer = ByteBuffer.allocate(4);
        Varints.write(2 << 3 | 7, buffer);
        assertThatThrownBy(() -> Varints.readDecimal(buffer.flip()))
                .hasMessage("decimal marker 23");
    }
}

package io.lodestone.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** The combined watermark, the encoding of marks among data, and where marks are sent. */
class WatermarksTest {

    private static Watermarked.Mark<Void> mark(int partition, long time, boolean idle) {
        return new Watermarked.Mark<>(partition, time, idle);
    }

    @Test
    void theCombinedWatermarkIsTheSlowestActivePartitionOnceAllHaveSpoken() {
        assertThat(
                        WatermarkTracker.combine(
                                Map.of(0, mark(0, 500, false), 1, mark(1, 300, false)), 3))
                .isEmpty();
        assertThat(
                        WatermarkTracker.combine(
                                Map.of(
                                        0,
                                        mark(0, 500, false),
                                        1,
                                        mark(1, 300, false),
                                        2,
                                        mark(2, 900, false)),
                                3))
                .isEqualTo(OptionalLong.of(300));
    }

    @Test
    void anIdlePartitionDoesNotHoldTheOthersBackUnlessAllAreIdle() {
        assertThat(
                        WatermarkTracker.combine(
                                Map.of(
                                        0,
                                        mark(0, 500, false),
                                        1,
                                        mark(1, -1, true),
                                        2,
                                        mark(2, 900, false)),
                                3))
                .isEqualTo(OptionalLong.of(500));
        assertThat(WatermarkTracker.combine(Map.of(0, mark(0, 500, true), 1, mark(1, -1, true)), 2))
                .isEqualTo(OptionalLong.of(500));
    }

    @Test
    void marksAndDataSurviveTheirEncoding() {
        Serde<Watermarked<String>> serde = WatermarkedSerde.of(Serdes.String());
        Watermarked<String> data = Watermarked.data("CN|CN|TH");
        Watermarked<String> mark = new Watermarked.Mark<>(7, 1_735_689_600_000L, true);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", data)))
                .isEqualTo(data);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", mark)))
                .isEqualTo(mark);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 1}))
                .hasMessageContaining("not a watermarked record on t: tag 9");
    }

    @Test
    void marksGoToEveryPartitionAndDataByItsKey() {
        BroadcastMarks<String> partitioner = new BroadcastMarks<>(UnaryOperator.identity());
        assertThat(
                        partitioner.partitions(
                                "t", Watermarks.MARK_KEY, new Watermarked.Mark<>(0, 1, false), 4))
                .isEqualTo(Optional.of(Set.of(0, 1, 2, 3)));
        // the partition Kafka's default partitioner picks for the same string key
        for (String key :
                List.of("antimony|CN|CN|TH", "rare-earth-magnets|CN|CN|US", "gallium|CN|HK|US")) {
            int expected =
                    BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 4);
            assertThat(partitioner.partitions("t", key, Watermarked.data("x"), 4))
                    .as(key)
                    .isEqualTo(Optional.of(Set.of(expected)));
        }
    }

    @Test
    void dataCanGoByPartOfItsKey() {
        BroadcastMarks<String> byRoute =
                new BroadcastMarks<>(key -> key.substring(0, key.indexOf('@')));
        BroadcastMarks<String> whole = new BroadcastMarks<>(UnaryOperator.identity());
        for (int partitions = 1; partitions <= 12; partitions++) {
            assertThat(
                            byRoute.partitions(
                                    "t",
                                    "antimony|CN|CN|TH@2025-01-06",
                                    Watermarked.data("x"),
                                    partitions))
                    .isEqualTo(
                            whole.partitions(
                                    "t", "antimony|CN|CN|TH", Watermarked.data("x"), partitions))
                    .isEqualTo(
                            byRoute.partitions(
                                    "t",
                                    "antimony|CN|CN|TH@2026-11-30",
                                    Watermarked.data("x"),
                                    partitions));
        }
    }
}

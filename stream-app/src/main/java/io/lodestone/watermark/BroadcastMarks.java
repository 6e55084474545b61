package io.lodestone.watermark;

import org.apache.kafka.streams.processor.StreamPartitioner;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Sends a mark to every partition of the repartition topic and data by the default key hash. */
public final class BroadcastMarks<V> implements StreamPartitioner<String, Watermarked<V>> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, Watermarked<V> value, int numPartitions) {
        if (value instanceof Watermarked.Mark) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toUnmodifiableSet()));
        }
        return Optional.empty();
    }
}

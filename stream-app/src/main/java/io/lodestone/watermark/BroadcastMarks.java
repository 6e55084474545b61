package io.lodestone.watermark;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends a mark to every partition of the repartition topic and data by the hash of its partition
 * key (a part of the record key, or all of it), the hash Kafka's default partitioner takes of a
 * string key: a key {@code k} and a longer key whose partition key is {@code k} go to the same
 * partition.
 */
final class BroadcastMarks<V> implements StreamPartitioner<String, Watermarked<V>> {

    private final UnaryOperator<String> partitionKey;

    BroadcastMarks(UnaryOperator<String> partitionKey) {
        this.partitionKey = partitionKey;
    }

    @Override
    public Optional<Set<Integer>> partitions(
            String topic, String key, Watermarked<V> value, int numPartitions) {
        if (value instanceof Watermarked.Mark) {
            return Optional.of(
                    IntStream.range(0, numPartitions)
                            .boxed()
                            .collect(Collectors.toUnmodifiableSet()));
        }
        byte[] bytes = partitionKey.apply(key).getBytes(StandardCharsets.UTF_8);
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(bytes)) % numPartitions));
    }
}

package io.lodestone.watermark;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Event-time progress across a repartition. A monthly judgement downstream of a repartition must
 * not trust its own task's stream time: records of every input partition interleave on the
 * repartition topic in whatever order the upstream tasks happened to run, so during a replay one
 * fast partition would close a month before a slow one had delivered it. Instead each upstream task
 * broadcasts marks of its stream time to every downstream partition ({@link #repartition}), and the
 * downstream task goes by the lowest of them ({@link WatermarkTracker}) and passes its own on.
 * Replaying history at full speed then judges exactly what live arrival judges.
 */
public final class Watermarks {

    /**
     * How often (stream time) an upstream task sends a mark; monthly judgements need no finer
     * steps.
     */
    public static final Duration INTERVAL = Duration.ofDays(1);

    /** The key of mark records (they go to every partition whatever the key). */
    public static final String MARK_KEY = "~watermark";

    private Watermarks() {}

    /**
     * Repartitions {@code keyed} by its key, with each upstream task's marks among the data. The
     * repartition keeps the parallelism: it has as many partitions as {@code keyed} has tasks, so
     * the stage reading it waits for that many senders' marks and runs as that many tasks itself
     * (the returned {@link Upstream}'s count).
     */
    public static <V> Upstream<Watermarked<V>> repartition(
            Upstream<V> keyed, String name, Serde<V> serde, Duration idleTimeout) {
        return repartition(keyed, name, serde, UnaryOperator.identity(), idleTimeout);
    }

    /**
     * As {@link #repartition(Upstream, String, Serde, Duration)}, but data goes to the partition of
     * {@code partitionKey} of its key.
     */
    public static <V> Upstream<Watermarked<V>> repartition(
            Upstream<V> keyed,
            String name,
            Serde<V> serde,
            UnaryOperator<String> partitionKey,
            Duration idleTimeout) {
        return new Upstream<>(
                keyed.stream()
                        .process(
                                () -> new WatermarkEmitter<V>(idleTimeout),
                                Named.as("mark-progress-" + name))
                        .repartition(repartitioned(name, serde, partitionKey, keyed.tasks())),
                keyed.tasks());
    }

    /**
     * A repartition that carries marks (sent by the caller) to every partition and data by its key.
     */
    public static <V> Repartitioned<String, Watermarked<V>> repartitioned(
            String name, Serde<V> serde, int partitions) {
        return repartitioned(name, serde, UnaryOperator.identity(), partitions);
    }

    private static <V> Repartitioned<String, Watermarked<V>> repartitioned(
            String name, Serde<V> serde, UnaryOperator<String> partitionKey, int partitions) {
        return Repartitioned.<String, Watermarked<V>>as(name)
                .withKeySerde(Serdes.String())
                .withValueSerde(WatermarkedSerde.of(serde))
                .withStreamPartitioner(new BroadcastMarks<>(partitionKey))
                .withNumberOfPartitions(partitions);
    }
}

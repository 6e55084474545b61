package io.lodestone.watermark;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

import java.time.Duration;

/**
 * Event-time progress across a repartition. A monthly judgement downstream of a repartition must not
 * trust its own task's stream time: records of every input partition interleave on the repartition
 * topic in whatever order the upstream tasks happened to run, so during a replay one fast partition
 * would close a month before a slow one had delivered it. Instead each upstream task broadcasts marks
 * of its stream time to every downstream partition ({@link #repartition}), and the downstream task
 * goes by the lowest of them ({@link WatermarkTracker}) and passes its own on. Replaying history at
 * full speed then judges exactly what live arrival judges.
 */
public final class Watermarks {

    /** How often (stream time) an upstream task sends a mark; monthly judgements need no finer steps. */
    public static final Duration INTERVAL = Duration.ofDays(1);
    /** The key of mark records (they go to every partition whatever the key). */
    public static final String MARK_KEY = "~watermark";

    private Watermarks() {
    }

    /**
     * Repartitions {@code keyed} by its key into {@code partitions} partitions, with this task's marks
     * among the data.
     */
    public static <V> KStream<String, Watermarked<V>> repartition(KStream<String, V> keyed, String name, Serde<V> serde,
                                                                  int partitions, Duration idleTimeout) {
        return keyed.process(() -> new WatermarkEmitter<V>(idleTimeout), Named.as("mark-progress-" + name))
                .repartition(repartitioned(name, serde, partitions));
    }

    /** A repartition that carries marks (sent by the caller) to every partition. */
    public static <V> Repartitioned<String, Watermarked<V>> repartitioned(String name, Serde<V> serde, int partitions) {
        return Repartitioned.<String, Watermarked<V>>as(name)
                .withKeySerde(Serdes.String())
                .withValueSerde(WatermarkedSerde.of(serde))
                .withStreamPartitioner(new BroadcastMarks<>())
                .withNumberOfPartitions(partitions);
    }
}

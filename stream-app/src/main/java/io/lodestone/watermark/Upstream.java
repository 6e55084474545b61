package io.lodestone.watermark;

import org.apache.kafka.streams.kstream.KStream;

/**
 * A stream and the number of tasks upstream of it that send watermarks, which a stage judging by
 * event time waits for (the smallest of their marks is its watermark). A stage that repartitions
 * says how many tasks the next one hears from: the partitions of its repartition topic.
 */
public record Upstream<V>(KStream<String, V> stream, int tasks) {}

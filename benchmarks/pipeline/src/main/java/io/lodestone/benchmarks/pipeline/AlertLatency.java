package io.lodestone.benchmarks.pipeline;

import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Phase 5: with the full app running, a live stream at a steady rate with event times of now, one
 * shipment in {@code TRIGGER_EVERY} an origin re-export that ORIGIN_REEXPORT reports at once.
 * Latency is from the producer's send() call to the alert's arrival at a read_committed consumer of
 * the alerts topic (both clocks in this JVM): it includes the producer's linger, the app's poll,
 * processing and its exactly-once commit (every commit.interval.ms), and the consumer's fetch.
 */
final class AlertLatency {

    private static final long EARLY_NANOS = 1_000_000;
    static final int TRIGGER_EVERY = 100;
    static final int LINGER_MS = 5;
    private static final String ALERT_PREFIX = "ORIGIN_REEXPORT:";

    record Result(
            double seconds,
            long sent,
            double sentPerSecond,
            long triggers,
            long alerts,
            double p50Ms,
            double p90Ms,
            double p99Ms,
            double maxMs) {}

    private AlertLatency() {}

    static Result run(
            ShipmentGenerator generator,
            LodestoneConfig cluster,
            String shipmentsTopic,
            String alertsTopic,
            int ratePerSecond,
            int seconds,
            Consumer<String> progress)
            throws InterruptedException {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Histogram micros = new Histogram(60_000_000L, 3);
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, Object> consumerConfig = cluster.kafkaClient(ConsumerConfig.configNames());
        consumerConfig.putAll(
                Map.of(
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        // the instrument must not add its own wait to what it measures
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        50));
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(
                        consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                consumer.partitionsFor(alertsTopic).stream()
                        .map(p -> new TopicPartition(alertsTopic, p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(
                consumer::position); // resolve the end now, before the first trigger is sent
        long[] received = new long[1];
        Thread reader =
                new Thread(
                        () -> {
                            try (consumer) {
                                while (!stop.get()) {
                                    for (ConsumerRecord<String, byte[]> record :
                                            consumer.poll(Duration.ofMillis(50))) {
                                        long now = System.nanoTime();
                                        if (record.key() != null
                                                && record.key().startsWith(ALERT_PREFIX)) {
                                            Long sent =
                                                    sentAt.remove(
                                                            record.key()
                                                                    .substring(
                                                                            ALERT_PREFIX.length()));
                                            if (sent != null) {
                                                synchronized (micros) {
                                                    micros.recordValue(
                                                            Math.min(
                                                                    (now - sent) / 1000,
                                                                    micros
                                                                            .getHighestTrackableValue()));
                                                    received[0]++;
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        },
                        "alert-latency-reader");
        reader.start();

        SplittableRandom random = new SplittableRandom(7);
        long triggers = 0;
        long sent = 0;
        long total = (long) ratePerSecond * seconds;
        long intervalNanos = 1_000_000_000L / ratePerSecond;
        long started = System.nanoTime();
        try (KafkaProducer<String, Shipment> producer = Preload.producer(cluster, LINGER_MS)) {
            long lastReport = started;
            for (long i = 0; i < total; i++) {
                // Up to a millisecond early: one wake-up per millisecond, not per record (at
                // 10,000/s a park per record took CPU the app on the same two cores needed).
                // Latency counts from the actual send() call.
                long due = started + i * intervalNanos - EARLY_NANOS;
                for (long wait = due - System.nanoTime();
                        wait > 0;
                        wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait + EARLY_NANOS);
                }
                String id = "LIVE-" + i;
                boolean trigger = i % TRIGGER_EVERY == 0;
                Shipment s =
                        trigger
                                ? ShipmentGenerator.reexportTrigger(id, Instant.now())
                                : generator.live(id, Instant.now(), random);
                if (trigger) {
                    triggers++;
                    sentAt.put(id, System.nanoTime());
                }
                producer.send(new ProducerRecord<>(shipmentsTopic, id, s));
                sent++;
                long now = System.nanoTime();
                if (now - lastReport > 10_000_000_000L) {
                    lastReport = now;
                    synchronized (micros) {
                        progress.accept(
                                String.format(
                                        "    %4.0f s  sent %,d (%,d triggers), %,d alerts back, p99"
                                                + " so far %.0f ms",
                                        (now - started) / 1e9,
                                        sent,
                                        triggers,
                                        received[0],
                                        micros.getValueAtPercentile(99) / 1000.0));
                    }
                }
            }
            producer.flush();
        }
        double sendSeconds = (System.nanoTime() - started) / 1e9;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!sentAt.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        stop.set(true);
        reader.join();
        synchronized (micros) {
            return new Result(
                    sendSeconds,
                    sent,
                    sent / sendSeconds,
                    triggers,
                    received[0],
                    micros.getValueAtPercentile(50) / 1000.0,
                    micros.getValueAtPercentile(90) / 1000.0,
                    micros.getValueAtPercentile(99) / 1000.0,
                    micros.getMaxValue() / 1000.0);
        }
    }
}

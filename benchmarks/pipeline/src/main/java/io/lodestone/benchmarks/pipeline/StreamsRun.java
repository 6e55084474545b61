package io.lodestone.benchmarks.pipeline;

import io.lodestone.config.LodestoneConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * Phases 3, T and 4: a Kafka Streams application (one or more instances of it, in this JVM, each
 * with its own state directory) on the pre-loaded topic, timed from {@code start()} until its
 * consumer group has committed the end offset of every shipments partition (every shipment
 * consumed), and on until every later sub-topology has caught up with its repartition topics (every
 * result in a committed transaction): records/s counts to that second point, the time a user waits
 * for the last result.
 */
final class StreamsRun implements AutoCloseable {

    /**
     * {@code consumedSeconds}: start → all shipments committed; {@code drainedSeconds}: start →
     * every source topic of the group (repartition topics and licences included) committed to
     * within one offset of its end (a transaction's commit marker takes an offset the group never
     * has to commit past). {@code streamThreadCpuSeconds}: CPU time of the stream threads from
     * start to drained; {@code droppedRecords}: Kafka Streams' own {@code dropped-records-total}
     * over every task (records it skipped: for a window past its grace, for example).
     */
    record Result(
            long records,
            double consumedSeconds,
            double drainedSeconds,
            double runningAfterSeconds,
            double streamThreadCpuSeconds,
            long droppedRecords) {

        double recordsPerSecond() {
            return records / drainedSeconds;
        }

        /** What one fully busy core of stream thread gets through. */
        double recordsPerBusyCoreSecond() {
            return records / streamThreadCpuSeconds;
        }
    }

    private static final Pattern STREAM_THREAD = Pattern.compile("-StreamThread-\\d+$");

    private final List<KafkaStreams> instances = new ArrayList<>();
    private final Admin admin;
    private final String applicationId;

    /**
     * {@code instances} copies of the app, as separate {@code KafkaStreams} clients of one group,
     * each its own state directory.
     */
    StreamsRun(Topology topology, Properties settings, LodestoneConfig cluster, int instances) {
        for (int i = 0; i < instances; i++) {
            Properties own = new Properties();
            own.putAll(settings);
            if (instances > 1) {
                own.put(
                        StreamsConfig.STATE_DIR_CONFIG,
                        settings.getProperty(StreamsConfig.STATE_DIR_CONFIG) + "/instance-" + i);
                // static membership: two members with one group.instance.id fence each other
                String instanceId = settings.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
                if (instanceId != null) {
                    own.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "-" + i);
                }
            }
            KafkaStreams streams = new KafkaStreams(topology, own);
            streams.setUncaughtExceptionHandler(
                    e -> {
                        System.err.println("benchmark: stream thread failed: " + e);
                        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
                    });
            this.instances.add(streams);
        }
        this.admin = Admin.create(cluster.kafkaClient(AdminClientConfig.configNames()));
        this.applicationId = settings.getProperty("application.id");
    }

    Result run(String shipmentsTopic, long records, Consumer<String> progress) throws Exception {
        Set<TopicPartition> input =
                admin
                        .describeTopics(Set.of(shipmentsTopic))
                        .allTopicNames()
                        .get()
                        .get(shipmentsTopic)
                        .partitions()
                        .stream()
                        .map(p -> new TopicPartition(shipmentsTopic, p.partition()))
                        .collect(Collectors.toSet());
        Map<TopicPartition, Long> inputEnd = endOffsets(input);
        long started = System.nanoTime();
        instances.forEach(KafkaStreams::start);
        double running = -1;
        double consumedAt = -1;
        long lastReport = started;
        while (true) {
            Thread.sleep(200);
            double elapsed = (System.nanoTime() - started) / 1e9;
            for (KafkaStreams streams : instances) {
                KafkaStreams.State state = streams.state();
                if (state == KafkaStreams.State.ERROR
                        || state == KafkaStreams.State.NOT_RUNNING
                        || state == KafkaStreams.State.PENDING_ERROR) {
                    throw new IllegalStateException(
                            applicationId + " stopped (" + state + ") after " + elapsed + " s");
                }
            }
            if (running < 0
                    && instances.stream()
                            .allMatch(streams -> streams.state() == KafkaStreams.State.RUNNING)) {
                running = elapsed;
            }
            Map<TopicPartition, Long> committed = committed();
            if (consumedAt < 0) {
                long done = input.stream().mapToLong(tp -> committed.getOrDefault(tp, 0L)).sum();
                if (input.stream()
                        .allMatch(tp -> committed.getOrDefault(tp, -1L) >= inputEnd.get(tp))) {
                    consumedAt = elapsed;
                    progress.accept(
                            String.format(
                                    "    all %,d shipments committed after %.1f s; waiting for the"
                                            + " later sub-topologies …",
                                    done, elapsed));
                } else if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    lastReport = System.nanoTime();
                    progress.accept(
                            String.format(
                                    "    %5.1f s  %,d of %,d committed (%,.0f/s so far)",
                                    elapsed, done, records, done / elapsed));
                }
            }
            if (consumedAt >= 0) {
                Map<TopicPartition, Long> end = endOffsets(allPartitions(committed.keySet()));
                if (end.entrySet().stream()
                        .allMatch(
                                e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue() - 1)) {
                    return new Result(
                            records,
                            consumedAt,
                            elapsed,
                            running,
                            streamThreadCpuSeconds(),
                            droppedRecords());
                }
                if (elapsed - consumedAt > 600) {
                    throw new IllegalStateException(
                            applicationId
                                    + " did not drain its repartition topics within 10 minutes");
                }
            }
        }
    }

    /**
     * The CPU time of this app's stream threads so far (they are named {@code
     * <application.id>-<uuid>-StreamThread-<n>}).
     */
    private double streamThreadCpuSeconds() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null
                    && info.getThreadName().startsWith(applicationId)
                    && STREAM_THREAD.matcher(info.getThreadName()).find()) {
                nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return nanos / 1e9;
    }

    /**
     * RocksDB's own account of each store's live state, summed over tasks and instances (Kafka
     * Streams' property-based metrics, KIP-607): SST bytes in use, memtable bytes and the estimated
     * key count. Unlike the files on disk, the SST bytes in use do not count files that compaction
     * has replaced, nor RocksDB's logs.
     */
    Map<String, MemoryProbe.LiveState> liveStateByStore() {
        Map<String, MemoryProbe.LiveState> live = new TreeMap<>();
        instances.stream()
                .flatMap(streams -> streams.metrics().values().stream())
                .filter(m -> m.metricName().group().equals("stream-state-metrics"))
                .forEach(
                        m ->
                                m.metricName().tags().entrySet().stream()
                                        .filter(
                                                tag ->
                                                        tag.getKey().startsWith("rocksdb-")
                                                                && tag.getKey()
                                                                        .endsWith("-state-id"))
                                        .findFirst()
                                        .ifPresent(
                                                store -> {
                                                    long value =
                                                            m.metricValue() instanceof Number n
                                                                    ? n.longValue()
                                                                    : 0;
                                                    MemoryProbe.LiveState part =
                                                            switch (m.metricName().name()) {
                                                                case "live-sst-files-size" ->
                                                                        new MemoryProbe.LiveState(
                                                                                value, 0, 0);
                                                                case "size-all-mem-tables" ->
                                                                        new MemoryProbe.LiveState(
                                                                                0, value, 0);
                                                                case "estimate-num-keys" ->
                                                                        new MemoryProbe.LiveState(
                                                                                0, 0, value);
                                                                default -> null;
                                                            };
                                                    if (part != null) {
                                                        live.merge(
                                                                store.getValue(),
                                                                part,
                                                                MemoryProbe.LiveState::plus);
                                                    }
                                                }));
        return live;
    }

    private long droppedRecords() {
        return instances.stream()
                .flatMap(streams -> streams.metrics().values().stream())
                .filter(
                        m ->
                                m.metricName().name().equals("dropped-records-total")
                                        && m.metricName().group().equals("stream-task-metrics"))
                .mapToLong(m -> ((Number) m.metricValue()).longValue())
                .sum();
    }

    private Map<TopicPartition, Long> committed() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> result = new HashMap<>();
        offsets.forEach(
                (tp, o) -> {
                    if (o != null) {
                        result.put(tp, o.offset());
                    }
                });
        return result;
    }

    /** Every partition of the topics the group has committed any offset in. */
    private Set<TopicPartition> allPartitions(Set<TopicPartition> known)
            throws ExecutionException, InterruptedException {
        Set<String> topics = known.stream().map(TopicPartition::topic).collect(Collectors.toSet());
        Set<TopicPartition> all = new HashSet<>();
        admin.describeTopics(topics)
                .allTopicNames()
                .get()
                .forEach(
                        (name, d) ->
                                d.partitions()
                                        .forEach(
                                                p ->
                                                        all.add(
                                                                new TopicPartition(
                                                                        name, p.partition()))));
        return all;
    }

    /**
     * Last stable offsets: what a read_committed consumer (Streams under exactly-once) can reach.
     */
    private Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest =
                partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        Map<TopicPartition, Long> result = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get()
                .forEach((tp, info) -> result.put(tp, info.offset()));
        return result;
    }

    @Override
    public void close() {
        // Leaving the group at once, as the app does on shutdown: nothing waits for a session
        // timeout.
        instances.forEach(
                streams ->
                        streams.close(
                                CloseOptions.groupMembershipOperation(
                                                CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                                        .withTimeout(Duration.ofSeconds(30))));
        admin.close();
    }
}

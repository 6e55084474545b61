package io.lodestone.testing;

import io.lodestone.avro.RouteVolume;
import io.lodestone.localinfra.GroupProgress;
import io.lodestone.schemas.registry.ApicurioSchemaRegistry;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.schemas.topics.TopicContents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads Lodestone's output topics (committed records only) the way a downstream consumer does. */
public final class TopicReader {

    private TopicReader() {}

    /** Every committed record currently on the topic. */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(
            String bootstrap, String topic, Deserializer<K> keys, Deserializer<V> values) {
        return readAll(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topic, keys, values);
    }

    /**
     * {@link #readAll(String, String, Deserializer, Deserializer)} with {@code clientSettings}
     * (bootstrap servers, security).
     */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(
            Map<String, Object> clientSettings,
            String topic,
            Deserializer<K> keys,
            Deserializer<V> values) {
        return TopicContents.readCommitted(clientSettings, topic, keys, values);
    }

    /** The sum of the end offsets of every partition of {@code topics}. */
    public static long endOffsets(Map<String, Object> adminSettings, List<String> topics)
            throws Exception {
        try (Admin admin = Admin.create(adminSettings)) {
            return GroupProgress.endOffsets(admin, topics).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    public static List<ConsumerRecord<byte[], byte[]>> readRaw(String bootstrap, String topic) {
        return readAll(bootstrap, topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The newest route totals per route-day: key {@code routeKey@yyyy-MM-dd}. */
    public static Map<String, ShipmentFile.Totals> latestRouteTotals(
            String bootstrap, String registryUrl, String topic) {
        Deserializer<RouteVolume> values =
                RegistrySerdes.<RouteVolume>valueSerde(ApicurioSchemaRegistry.of(registryUrl))
                        .deserializer();
        Map<String, ShipmentFile.Totals> latest = new TreeMap<>();
        for (ConsumerRecord<String, RouteVolume> r :
                readAll(bootstrap, topic, new StringDeserializer(), values)) {
            RouteVolume v = r.value();
            latest.put(
                    r.key() + "@" + v.getWindowStart().toString().substring(0, 10),
                    new ShipmentFile.Totals(
                            Math.round(v.getNetWeightKg()),
                            Math.round(v.getValueUsd()),
                            v.getShipmentCount()));
        }
        return latest;
    }

    /**
     * Polls until {@code condition} holds for the newest route totals, or the timeout; returns the
     * last totals seen.
     */
    public static Map<String, ShipmentFile.Totals> awaitRouteTotals(
            String bootstrap,
            String registryUrl,
            String topic,
            Predicate<Map<String, ShipmentFile.Totals>> condition,
            Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, ShipmentFile.Totals> totals = latestRouteTotals(bootstrap, registryUrl, topic);
        while (!condition.test(totals) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            totals = latestRouteTotals(bootstrap, registryUrl, topic);
        }
        return totals;
    }

    /**
     * {@link GroupProgress#awaitProcessed}: the app processed every record of {@code topic} and of
     * its repartition topics.
     */
    public static boolean awaitCaughtUp(
            String bootstrap, String group, String topic, Duration timeout) throws Exception {
        return awaitCaughtUp(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                group,
                topic,
                timeout);
    }

    /**
     * {@link #awaitCaughtUp(String, String, String, Duration)} with {@code clientSettings}
     * (bootstrap servers, security).
     */
    public static boolean awaitCaughtUp(
            Map<String, Object> clientSettings, String group, String topic, Duration timeout)
            throws Exception {
        return GroupProgress.awaitProcessed(
                clientSettings, group, topic, timeout, System.err::println);
    }
}

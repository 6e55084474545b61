package io.lodestone.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Alert;
import io.lodestone.avro.RouteVolume;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.testsupport.Differences;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a run of the pipeline leaves that a fault must not change: the alerts by id (newest
 * revision) and the route totals by route and day (newest record), read committed from the output
 * topics.
 */
public record PipelineOutputs(Map<String, Alert> alerts, Map<String, RouteVolume> routeTotals)
        implements Serializable {

    /**
     * What differs in {@code actual} from these outputs, a line per alert or route-day (the first
     * 20 of each): empty when they are equal.
     */
    public List<String> differences(PipelineOutputs actual) {
        List<String> lines = new ArrayList<>(Differences.between(alerts, actual.alerts, 20));
        lines.addAll(Differences.between(routeTotals, actual.routeTotals, 20));
        return lines;
    }

    /**
     * The outputs once the app has processed all input (its input and repartition topics committed
     * to their ends: so also after a restart, whatever its tasks still restored) and the output
     * topics have not grown for three seconds: read once then (reading them whole every second cost
     * more CPU than the runs they waited for).
     */
    public static PipelineOutputs await(LodestoneConfig config) throws Exception {
        return await(config, Duration.ofSeconds(3));
    }

    /**
     * {@link #await(LodestoneConfig)} with the output topics unchanged for {@code quiet}: longer
     * where a wall-clock punctuation (the route judge's revisions) may still write.
     */
    public static PipelineOutputs await(LodestoneConfig config, Duration quiet) throws Exception {
        Map<String, Object> client = config.kafkaClient(AdminClientConfig.configNames());
        assertThat(
                        TopicReader.awaitCaughtUp(
                                client,
                                config.applicationId(),
                                config.topics().shipments(),
                                Duration.ofSeconds(180)))
                .as("the app processed all input")
                .isTrue();
        List<String> outputs = List.of(config.topics().alerts(), config.topics().routeVolumes());
        long ends = TopicReader.endOffsets(client, outputs);
        int unchanged = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (unchanged < quiet.toSeconds() && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            long now = TopicReader.endOffsets(client, outputs);
            unchanged = now == ends ? unchanged + 1 : 0;
            ends = now;
        }
        return read(config);
    }

    /** How many records the route-volumes topic holds: how far a run has got, cheaply. */
    public static long routeVolumeRecords(LodestoneConfig config) throws Exception {
        return TopicReader.endOffsets(
                config.kafkaClient(AdminClientConfig.configNames()),
                List.of(config.topics().routeVolumes()));
    }

    public static PipelineOutputs read(LodestoneConfig config) {
        List<Alert> alerts = new ArrayList<>();
        Map<String, Object> reader = config.kafkaClient(ConsumerConfig.configNames());
        TopicReader.readAll(
                        reader,
                        config.topics().alerts(),
                        new StringDeserializer(),
                        RegistrySerdes.<Alert>valueSerde(config.schemaRegistry()).deserializer())
                .forEach(r -> alerts.add(r.value()));
        Map<String, RouteVolume> totals = new TreeMap<>();
        for (ConsumerRecord<String, RouteVolume> r :
                TopicReader.readAll(
                        reader,
                        config.topics().routeVolumes(),
                        new StringDeserializer(),
                        RegistrySerdes.<RouteVolume>valueSerde(config.schemaRegistry())
                                .deserializer())) {
            totals.put(
                    r.key() + "@" + r.value().getWindowStart(),
                    r.value()); // the record key is the route
        }
        return new PipelineOutputs(AlertRecords.newestById(alerts), totals);
    }
}

package io.lodestone.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.app.LodestoneApp;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.testing.Shipments;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testing.TopicReader;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A sample of {@link InputFuzz}'s hostile records (a fixed seed) on a real broker, under
 * exactly-once (which TopologyTestDriver cannot run for the deserialization path): each record ends
 * in exactly one place, read back from the DLQ topic and the app's own {@code /metrics}, and the
 * app keeps running and processing.
 */
class InputFuzzIntegrationTest {

    private static final int CASES = 400;

    /**
     * Long strings up to 300,000 characters: at most 900 KB in UTF-8, under the broker's 1 MB
     * record limit.
     */
    private static final int MAX_STRING = 300_000;

    private static final Pattern KEPT =
            Pattern.compile(
                    "lodestone_shipments_total\\{outcome=\"(accepted|duplicate|late)\"} ([0-9.]+)");

    @Provide
    Arbitrary<List<InputFuzz.Case>> sample() {
        return InputFuzz.cases(MAX_STRING).list().ofSize(CASES).uniqueElements(InputFuzz.Case::key);
    }

    // One try on a real broker; shrinking would rerun the app for every smaller sample, so the
    // failure shows the whole one.
    @Property(tries = 1, seed = "20261201", shrinking = ShrinkingMode.OFF)
    void hostileRecordsEachEndInExactlyOnePlaceAndTheAppKeepsProcessing(
            @ForAll("sample") List<InputFuzz.Case> cases) throws Exception {
        KafkaBrokerExtension.bootstrapServersStartingIfNeeded(); // jqwik runs no JUnit extension
        SchemaRegistryExtension.urlStartingIfNeeded();
        Path stateDir = Files.createTempDirectory("lodestone-fuzz-state");
        LodestoneConfig config = TestConfigs.forBroker("fuzz", stateDir, Map.of());
        try (LodestoneApp app = LodestoneApp.start(config);
                InputFuzz.Encoder encoder =
                        new InputFuzz.Encoder(config.schemaRegistry(), config.topics());
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                Map.of(
                                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        config.bootstrapServers(),
                                        ProducerConfig.ACKS_CONFIG,
                                        "all"),
                                new ByteArraySerializer(),
                                new ByteArraySerializer())) {
            assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
            for (InputFuzz.Case c : cases) {
                producer.send(
                        new ProducerRecord<>(
                                encoder.topic(c), InputFuzz.Encoder.key(c), c.value(encoder)));
            }
            producer.flush();
            // After the fuzz, one valid shipment a day later than any valid case: the app must
            // still process it.
            Shipment after =
                    Shipments.shipment(
                                    "AFTER-FUZZ",
                                    "2025-03-02T08:00:00Z",
                                    "8110",
                                    "AU",
                                    "AU",
                                    "KR",
                                    700,
                                    7_000.0)
                            .build();
            Shipments.publish(config, after);

            for (String topic : List.of(config.topics().licenses(), config.topics().shipments())) {
                assertThat(
                                TopicReader.awaitCaughtUp(
                                        config.bootstrapServers(),
                                        config.applicationId(),
                                        topic,
                                        Duration.ofSeconds(120)))
                        .as("the app processed " + topic)
                        .isTrue();
            }
            List<Map.Entry<String, Headers>> dead =
                    TopicReader.readRaw(config.bootstrapServers(), config.topics().dlq()).stream()
                            .map(
                                    r ->
                                            Map.entry(
                                                    new String(r.key(), StandardCharsets.UTF_8),
                                                    r.headers()))
                            .toList();
            Map<String, Double> kept = keptCounts(app.httpPort());
            Map<InputFuzz.Case, String> fates =
                    InputFuzz.assertEachEndedInExactlyOnePlace(
                            cases,
                            dead,
                            kept.values().stream().mapToDouble(Double::doubleValue).sum()
                                    - 1); // less the shipment after
            Map<String, Integer> summary = new TreeMap<>();
            fates.forEach(
                    (c, fate) ->
                            summary.merge(
                                    c.getClass().getSimpleName() + " " + fate, 1, Integer::sum));
            System.out.println("fates of " + CASES + " hostile records: " + summary);

            assertThat(
                            TopicReader.latestRouteTotals(
                                    config.bootstrapServers(),
                                    config.registryUrl(),
                                    config.topics().routeVolumes()))
                    .as("the shipment after the fuzz is counted")
                    .containsKey("antimony|AU|AU|KR@2025-03-02");
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        } finally {
            Utils.delete(stateDir.toFile());
        }
    }

    /** Accepted, duplicate and late shipments as the app's {@code /metrics} counts them. */
    private static Map<String, Double> keptCounts(int port) throws Exception {
        String metrics =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        Map<String, Double> kept = new TreeMap<>();
        for (Matcher m = KEPT.matcher(metrics); m.find(); ) {
            kept.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        assertThat(kept).as("the accepted count in /metrics").containsKey("accepted");
        return kept;
    }
}

package io.lodestone.ingest;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.metrics.PipelineMetrics;
import io.lodestone.schemas.registry.AvroSerdes;
import io.lodestone.testing.TestConfigs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The input path under fuzzing, on the production topology (TopologyTestDriver, serdes over an
 * in-memory registry): every hostile record ends in exactly one place, accepted (and counted as
 * accepted, duplicate or late) or in the DLQ with a reason and a detail, the reason the contract
 * names where it names one; and processing never stops.
 */
class InputFuzzPropertyTest {

    private Path stateDir;
    private TopologyTestDriver driver;
    private InputFuzz.Encoder encoder;
    private final Map<InputFuzz.Input, TestInputTopic<byte[], byte[]>> inputs =
            new EnumMap<>(InputFuzz.Input.class);
    private TestOutputTopic<byte[], byte[]> dlq;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Instant time = Instant.parse("2025-03-01T00:00:00Z");

    @BeforeProperty
    void start() throws IOException {
        stateDir = Files.createTempDirectory("lodestone-fuzz");
        // TopologyTestDriver's exactly-once emulation drops what the deserialization handler sends
        // to the DLQ (Kafka Streams does not: InputFuzzIntegrationTest runs a sample under
        // exactly-once on a real broker).
        LodestoneConfig config =
                TestConfigs.forDriver(
                        stateDir,
                        Map.of(
                                "topic.prefix",
                                "fuzz-" + System.nanoTime() + ".",
                                "processing.guarantee",
                                "at_least_once"));
        AvroSerdes serdes = TestConfigs.inMemorySerdes();
        driver = TestConfigs.driver(config, serdes);
        encoder = new InputFuzz.Encoder(serdes.registry(), config.topics());
        inputs.put(
                InputFuzz.Input.SHIPMENTS,
                driver.createInputTopic(
                        config.topics().shipments(),
                        new ByteArraySerializer(),
                        new ByteArraySerializer()));
        inputs.put(
                InputFuzz.Input.LICENSES,
                driver.createInputTopic(
                        config.topics().licenses(),
                        new ByteArraySerializer(),
                        new ByteArraySerializer()));
        dlq =
                driver.createOutputTopic(
                        config.topics().dlq(),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        Metrics.addRegistry(meters);
    }

    @AfterProperty
    void stop() throws IOException {
        Metrics.removeRegistry(meters);
        encoder.close();
        driver.close();
        Utils.delete(stateDir.toFile());
    }

    @Provide
    Arbitrary<List<InputFuzz.Case>> batches() {
        // Unique keys in a try, so each DLQ record names one case; across tries a key may repeat (a
        // duplicate).
        return InputFuzz.cases(1 << 20)
                .list()
                .ofMinSize(1)
                .ofMaxSize(12)
                .uniqueElements(InputFuzz.Case::key);
    }

    @Property(tries = 150)
    void everyRecordEndsInExactlyOnePlace(@ForAll("batches") List<InputFuzz.Case> batch) {
        Map<PipelineMetrics.Outcome, Double> before = outcomes();
        for (InputFuzz.Case c : batch) {
            time = time.plusSeconds(60);
            inputs.get(c.input()).pipeInput(InputFuzz.Encoder.key(c), c.value(encoder), time);
        }
        List<Map.Entry<String, Headers>> dead =
                dlq.readRecordsToList().stream()
                        .map(
                                r ->
                                        Map.entry(
                                                new String(r.key(), StandardCharsets.UTF_8),
                                                r.headers()))
                        .toList();
        Map<PipelineMetrics.Outcome, Double> after = outcomes();
        double kept =
                Arrays.stream(PipelineMetrics.Outcome.values())
                        .mapToDouble(o -> after.get(o) - before.get(o))
                        .sum();
        InputFuzz.assertEachEndedInExactlyOnePlace(batch, dead, kept)
                .forEach(
                        (c, fate) ->
                                Statistics.label("fates")
                                        .collect(c.getClass().getSimpleName(), fate));
    }

    private Map<PipelineMetrics.Outcome, Double> outcomes() {
        Map<PipelineMetrics.Outcome, Double> counts = new EnumMap<>(PipelineMetrics.Outcome.class);
        for (PipelineMetrics.Outcome o : PipelineMetrics.Outcome.values()) {
            Counter counter =
                    meters.find("lodestone.shipments")
                            .tag("outcome", o.name().toLowerCase())
                            .counter();
            counts.put(o, counter == null ? 0.0 : counter.count());
        }
        return counts;
    }
}

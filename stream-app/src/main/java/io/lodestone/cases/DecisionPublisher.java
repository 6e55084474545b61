package io.lodestone.cases;

import io.lodestone.avro.CaseDecision;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.schemas.registry.SchemaRegistry;
import io.lodestone.schemas.topics.KafkaClusterException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes analysts' decisions to the case-decisions topic, keyed by caseId (a case's decisions
 * stay in order), and waits until Kafka has them: the API and the CLI answer only once a decision
 * cannot be lost.
 */
public final class DecisionPublisher implements AutoCloseable {

    private final Map<String, Object> producerSettings;
    private final String topic;
    private final SchemaRegistry registry;
    private Producer<String, CaseDecision> producer;

    /**
     * {@code producerSettings}: bootstrap servers and security; {@code topic}: the case-decisions
     * topic.
     */
    public DecisionPublisher(
            Map<String, Object> producerSettings, String topic, SchemaRegistry registry) {
        this.producerSettings = Map.copyOf(producerSettings);
        this.topic = topic;
        this.registry = registry;
    }

    /**
     * Sends {@code decision} and waits up to 30 s for the broker's acknowledgement; a failure says
     * why.
     */
    public synchronized void publish(CaseDecision decision) {
        try {
            producer()
                    .send(new ProducerRecord<>(topic, decision.getCaseId(), decision))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new KafkaClusterException(
                    "Kafka refused the decision on " + topic + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaClusterException(
                    "Kafka did not acknowledge the decision on " + topic + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaClusterException("interrupted while publishing the decision", e);
        }
    }

    private Producer<String, CaseDecision> producer() {
        if (producer == null) {
            Map<String, Object> settings = new HashMap<>(producerSettings);
            settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            settings.put(ProducerConfig.ACKS_CONFIG, "all");
            producer =
                    new KafkaProducer<>(
                            settings,
                            new StringSerializer(),
                            RegistrySerdes.<CaseDecision>valueSerde(registry).serializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close();
        }
    }
}

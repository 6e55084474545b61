package io.lodestone.schemas.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates whichever of Lodestone's topics are missing; existing topics are left as they are. */
public final class TopicProvisioner {

    private TopicProvisioner() {}

    /** Returns the names of the topics it created. */
    public static List<String> createMissing(
            String bootstrapServers, List<NewTopic> topics, Duration timeout) {
        return createMissing(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                topics,
                timeout);
    }

    /**
     * {@link #createMissing(String, List, Duration)} with an admin client of {@code adminSettings}
     * (bootstrap servers, security).
     */
    public static List<String> createMissing(
            Map<String, Object> adminSettings, List<NewTopic> topics, Duration timeout) {
        String bootstrapServers =
                String.valueOf(adminSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        try (Admin admin = admin(adminSettings, timeout)) {
            Set<String> existing =
                    admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing =
                    topics.stream().filter(t -> !existing.contains(t.name())).toList();
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause()
                            instanceof TopicExistsException)) { // another instance won the race
                        throw e;
                    }
                }
            }
            return created;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaClusterException(
                    "cannot create topics on "
                            + bootstrapServers
                            + ": "
                            + cause
                            + (cause instanceof AuthorizationException
                                    ? " — this principal may not create them: create them as an"
                                            + " administrator, or set topic.create=false"
                                    : " — is the broker running? (./bin/lodestone infra up starts"
                                            + " the local one)"),
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaClusterException("interrupted while creating topics", e);
        }
    }

    /** How many partitions {@code topic} has. */
    public static int partitionCount(String bootstrapServers, String topic, Duration timeout) {
        return partitionCount(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                topic,
                timeout);
    }

    /**
     * {@link #partitionCount(String, String, Duration)} with an admin client of {@code
     * adminSettings}. A topic created a moment ago (by this process or another) may not be known to
     * every broker yet: it is asked again until {@code timeout}.
     */
    public static int partitionCount(
            Map<String, Object> adminSettings, String topic, Duration timeout) {
        String bootstrapServers =
                String.valueOf(adminSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin(adminSettings, timeout)) {
            while (true) {
                try {
                    return admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                            .get(topic)
                            .partitions()
                            .size();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                            || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaClusterException(
                    "cannot describe topic "
                            + topic
                            + " on "
                            + bootstrapServers
                            + ": "
                            + cause
                            + " — does it exist? (topic.create=true creates it at start-up)",
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaClusterException("interrupted while describing " + topic, e);
        }
    }

    private static Admin admin(Map<String, Object> adminSettings, Duration timeout) {
        Map<String, Object> settings = new HashMap<>(adminSettings);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // Kafka refuses an API timeout shorter than one request's (30 s by default)
        settings.merge(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis(),
                (given, shorter) ->
                        Math.min(Integer.parseInt(String.valueOf(given)), (int) shorter));
        return Admin.create(settings);
    }
}

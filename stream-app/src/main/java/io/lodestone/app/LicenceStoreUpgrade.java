package io.lodestone.app;

import io.lodestone.licensing.LicenceVersions;
import io.lodestone.schemas.topics.KafkaClusterException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrading state written by a release that called the licence table's store {@link
 * LicenceVersions#FORMER_STORE}: the store is now {@link LicenceVersions#STORE}, and Kafka Streams
 * would start it empty (a new changelog), judging every cited licence as unknown. The licences
 * topic is compacted and holds every revision, so before Kafka Streams starts the group reads it
 * again from the beginning, once: when the former store's changelog exists and the new one does not
 * yet. Every instance of the application must be stopped for that (the group's offsets can only be
 * moved while it is empty); re-read licences that are invalid go to the DLQ a second time.
 */
final class LicenceStoreUpgrade {

    private static final Logger log = LoggerFactory.getLogger(LicenceStoreUpgrade.class);

    private LicenceStoreUpgrade() {}

    /** True when it moved the group back to the start of {@code licencesTopic}. */
    static boolean rewindIfNeeded(Admin admin, String applicationId, String licencesTopic) {
        try {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (!topics.contains(changelog(applicationId, LicenceVersions.FORMER_STORE))
                    || topics.contains(changelog(applicationId, LicenceVersions.STORE))) {
                return false;
            }
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(applicationId)
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> licencePartitions = new HashMap<>();
            committed.keySet().stream()
                    .filter(p -> p.topic().equals(licencesTopic))
                    .forEach(p -> licencePartitions.put(p, OffsetSpec.earliest()));
            if (licencePartitions.isEmpty()) {
                return false;
            }
            Map<TopicPartition, OffsetAndMetadata> earliest = new HashMap<>();
            admin.listOffsets(licencePartitions)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((p, info) -> earliest.put(p, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(applicationId, earliest)
                    .all()
                    .get(30, TimeUnit.SECONDS);
            log.warn(
                    "upgrade: the licence table's store is now {} (was {}); group {} reads {} again"
                            + " from the beginning to fill it",
                    LicenceVersions.STORE,
                    LicenceVersions.FORMER_STORE,
                    applicationId,
                    licencesTopic);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupNotEmptyException) {
                throw new KafkaClusterException(
                        "upgrade: the licence table's store is now "
                                + LicenceVersions.STORE
                                + " (was "
                                + LicenceVersions.FORMER_STORE
                                + ") and is filled from "
                                + licencesTopic
                                + " again, which needs every "
                                + "instance of application.id "
                                + applicationId
                                + " stopped: stop them all, then start this release",
                        e);
            }
            throw new KafkaClusterException(
                    "upgrade of the licence table's store failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaClusterException(
                    "upgrade of the licence table's store: the Kafka cluster did not answer within"
                            + " 30 s",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaClusterException(
                    "interrupted while upgrading the licence table's store", e);
        }
    }

    private static String changelog(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }
}

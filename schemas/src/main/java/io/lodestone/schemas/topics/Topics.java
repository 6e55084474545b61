package io.lodestone.schemas.topics;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.util.List;
import java.util.Map;

/**
 * The one place that names Lodestone's topics. Every name is {@code prefix + suffix}; the default
 * prefix is {@code lodestone.}.
 */
public record Topics(String prefix) {

    public static final String DEFAULT_PREFIX = "lodestone.";

    public Topics {
        if (prefix == null) {
            throw new IllegalArgumentException("topic prefix must not be null (use \"\" for none)");
        }
    }

    /** Input: customs declarations, key shipmentId, value Shipment. */
    public String shipments() {
        return prefix + "shipments";
    }

    /** Input: export-licence revisions, key licenseId, value License; compacted. */
    public String licenses() {
        return prefix + "licenses";
    }

    /** Output: daily route totals, key route key, value RouteVolume. */
    public String routeVolumes() {
        return prefix + "route-volumes";
    }

    /** Output: findings of every detector, key alertId, value Alert. */
    public String alerts() {
        return prefix + "alerts";
    }

    /** Output: rejected input, original key and bytes, headers say why. */
    public String dlq() {
        return prefix + "dlq";
    }

    /** Topic definitions for provisioning; licences are compacted (latest revision per id is the state). */
    public List<NewTopic> definitions(int partitions, short replicationFactor) {
        return List.of(
                new NewTopic(shipments(), partitions, replicationFactor),
                new NewTopic(licenses(), partitions, replicationFactor)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
                new NewTopic(routeVolumes(), partitions, replicationFactor),
                new NewTopic(alerts(), partitions, replicationFactor),
                new NewTopic(dlq(), partitions, replicationFactor));
    }
}

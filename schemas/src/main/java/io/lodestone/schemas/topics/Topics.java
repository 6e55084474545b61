package io.lodestone.schemas.topics;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

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

    /**
     * Internal: every alert again, keyed by the caseId it belongs to, so a case's alerts and
     * decisions meet on one partition.
     */
    public String caseAlerts() {
        return prefix + "case-alerts";
    }

    /**
     * Input: analysts' decisions about cases ({@code CaseDecision}), keyed by caseId; compacted.
     */
    public String caseDecisions() {
        return prefix + "case-decisions";
    }

    /**
     * Output: the cases ({@code Case}), keyed by caseId; compacted, the newest record per case is
     * its state.
     */
    public String cases() {
        return prefix + "cases";
    }

    /** Output: rejected input, original key and bytes, headers say why. */
    public String dlq() {
        return prefix + "dlq";
    }

    /**
     * Topic definitions for provisioning. Event time travels in the values; record timestamps are
     * the broker's append time, so retention counts from arrival: a replay of 2023 declarations is
     * not deleted on arrival for being "older than 7 days". Licences are compacted (the newest
     * revision per id is the state).
     */
    public List<NewTopic> definitions(int partitions, short replicationFactor) {
        Map<String, String> appendTime =
                Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
        Map<String, String> compacted =
                Map.of(
                        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                        "LogAppendTime",
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT);
        return List.of(
                new NewTopic(shipments(), partitions, replicationFactor).configs(appendTime),
                new NewTopic(licenses(), partitions, replicationFactor).configs(compacted),
                new NewTopic(routeVolumes(), partitions, replicationFactor).configs(appendTime),
                new NewTopic(alerts(), partitions, replicationFactor).configs(appendTime),
                new NewTopic(caseAlerts(), partitions, replicationFactor).configs(appendTime),
                new NewTopic(caseDecisions(), partitions, replicationFactor).configs(compacted),
                new NewTopic(cases(), partitions, replicationFactor).configs(compacted),
                new NewTopic(dlq(), partitions, replicationFactor).configs(appendTime));
    }
}

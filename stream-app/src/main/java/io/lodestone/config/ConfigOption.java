package io.lodestone.config;

import java.util.Locale;

/**
 * Every Lodestone setting: its key in the properties file, its default and what it does. The
 * environment variable {@code LODESTONE_<KEY>} (dots and dashes as underscores, upper case)
 * overrides the file. README's configuration table lists the same rows.
 */
public enum ConfigOption {
    BOOTSTRAP_SERVERS("bootstrap.servers", "127.0.0.1:9092",
            "Kafka bootstrap servers."),
    SCHEMA_REGISTRY_URL("schema.registry.url", "http://127.0.0.1:8081",
            "Base URL of the Apicurio (Confluent-compatible) schema registry."),
    APPLICATION_ID("application.id", "lodestone",
            "Kafka Streams application id: consumer group, state and internal topic names."),
    TOPIC_PREFIX("topic.prefix", "lodestone.",
            "Prefix of every Lodestone topic name."),
    TOPIC_CREATE("topic.create", "true",
            "Create missing Lodestone topics at start-up (run and ingest)."),
    TOPIC_PARTITIONS("topic.partitions", "3",
            "Partitions of topics Lodestone creates."),
    TOPIC_REPLICATION_FACTOR("topic.replication.factor", "1",
            "Replication factor of topics Lodestone creates (use 3 on a production cluster)."),
    PROCESSING_GUARANTEE("processing.guarantee", "exactly_once_v2",
            "Kafka Streams processing guarantee; at_least_once only for experiments."),
    STATE_DIR("state.dir", ".lodestone/streams-state",
            "Directory of the local state stores."),
    WINDOW_GRACE("window.grace", "P2D",
            "How late (event time, ISO-8601 duration) a shipment may arrive and still count in its daily window."),
    ROUTE_VOLUME_RETENTION("route.volume.retention", "P400D",
            "How long (event time, before the watermark) daily route totals are kept and updatable; the monthly judge reads them, so at least 124 days + rerouting.judge.delay."),
    DEDUP_RETENTION("dedup.retention", "P7D",
            "How long (event time) shipment ids are remembered to drop re-sent declarations; at least 1 day + window.grace."),
    LICENSE_HISTORY_RETENTION("license.history.retention", "P1100D",
            "How long (stream time) superseded licence revisions are kept for lookups; must span a replay, since licences may be read ahead of shipments."),
    LICENSE_JOIN_GRACE("license.join.grace", "PT10M",
            "How long (stream time) a shipment waits for licence revisions that arrive late before it is judged; delays compliance alerts as much."),
    CHAIN_WINDOW("rerouting.chain.window", "P90D",
            "How long after receiving a restricted commodity a hub company's export to a restricted destination counts as a transshipment chain."),
    CHAIN_TOLERANCE("rerouting.chain.tolerance", "0.25",
            "How far the outbound leg's weight may be from the inbound leg's, as a fraction of it (0.25 = ±25%)."),
    SURGE_RATIO("rerouting.surge.ratio", "3.0",
            "A route's month is a surge at this multiple of the mean of the three months before."),
    COLLAPSE_RATIO("rerouting.collapse.ratio", "0.2",
            "A steady route's month is a collapse at or below this fraction of the mean of the three months before."),
    MIN_BASELINE_KG("rerouting.min.baseline.kg", "20000",
            "Below this many kg a month is 'near zero': a surge right after it is a base effect (INFO), and a flow this small cannot collapse."),
    MIN_SURGE_KG("rerouting.min.surge.kg", "20000",
            "A month with fewer kg than this is never reported as a surge, whatever the ratio."),
    HUB_FALL_RATIO("rerouting.hub.fall.ratio", "0.5",
            "Hub rerouting: the direct restricted flow has fallen when a month is at or below this fraction of its three-month mean."),
    HUB_RISE_RATIO("rerouting.hub.rise.ratio", "2.0",
            "Hub rerouting: a leg through a hub has risen when a month is at least this multiple of its three-month mean (and rerouting.min.surge.kg above it)."),
    SIGNIFICANCE("rerouting.significance", "0.0001",
            "A surge, collapse or hub leg counts only if its month's shipment count is this unlikely (Poisson) at the three-month mean count; sparse routes then raise nothing by chance."),
    HUB_SIGNIFICANCE("rerouting.hub.significance", "0.01",
            "Hub rerouting: the direct fall and each hub leg's rise must each be this unlikely (Poisson, on shipment counts); looser than rerouting.significance because all three must happen in the same month."),
    JUDGE_DELAY("rerouting.judge.delay", "P7D",
            "How long (stream time) after a month ends it is judged, so late and unevenly processed records are in."),
    WATERMARK_IDLE_TIMEOUT("watermark.idle.timeout", "PT1M",
            "After this long (wall clock) without input, an input partition stops holding back the monthly judgements of the others."),
    HTTP_PORT("http.port", "8080",
            "Port of the HTTP endpoints (/metrics, /health/live, /health/ready) on all interfaces; 0 picks a free port."),
    HTTP_ADVERTISED_HOST("http.advertised.host", "127.0.0.1",
            "Host name other instances use to reach this one's HTTP port (application.server); the pod or host name in a cluster."),
    METRICS_ROUTE_LIMIT("metrics.route.limit", "500",
            "How many distinct routes get their own labels in lodestone_route_net_weight_kilograms_total; later ones count as 'other'."),
    CATALOGUE_FILE("catalogue.file", "",
            "HS-prefix → commodity CSV; empty = the bundled lodestone/commodities.csv."),
    CONTROL_LIST_FILE("control.list.file", "",
            "Export-control JSON; empty = the bundled lodestone/control-list.json.");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConfigOption(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public String envVar() {
        return envVarFor(key);
    }

    static String envVarFor(String key) {
        return "LODESTONE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}

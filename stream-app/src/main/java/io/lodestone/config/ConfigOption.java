package io.lodestone.config;

import io.lodestone.reference.ReferenceData;
import io.lodestone.schemas.topics.Topics;
import java.util.Locale;

/**
 * Every Lodestone setting: its key in the properties file, its default and what it does. The
 * environment variable {@code LODESTONE_<KEY>} (dots and dashes as underscores, upper case)
 * overrides the file. README's configuration table lists the same rows.
 */
public enum ConfigOption {
    BOOTSTRAP_SERVERS("bootstrap.servers", "127.0.0.1:9092", "Kafka bootstrap servers."),
    SCHEMA_REGISTRY_URL(
            "schema.registry.url",
            "http://127.0.0.1:8081",
            "Base URL of the Apicurio (Confluent-compatible) schema registry."),
    SCHEMA_REGISTRY_TRUSTSTORE(
            "schema.registry.ssl.truststore.location",
            "",
            "Truststore (PKCS12 or JKS) that verifies an https schema registry's certificate; empty"
                    + " = the JVM's default trust."),
    SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD(
            "schema.registry.ssl.truststore.password",
            "",
            "Password of schema.registry.ssl.truststore.location."),
    APPLICATION_ID(
            "application.id",
            "lodestone",
            "Kafka Streams application id: consumer group, state and internal topic names."),
    TOPIC_PREFIX("topic.prefix", Topics.DEFAULT_PREFIX, "Prefix of every Lodestone topic name."),
    TOPIC_CREATE(
            "topic.create",
            "true",
            "Create missing Lodestone topics at start-up (run and ingest)."),
    TOPIC_PARTITIONS("topic.partitions", "3", "Partitions of topics Lodestone creates."),
    TOPIC_REPLICATION_FACTOR(
            "topic.replication.factor",
            "1",
            "Replication factor of topics Lodestone creates (use 3 on a production cluster)."),
    PROCESSING_GUARANTEE(
            "processing.guarantee",
            "exactly_once_v2",
            "Kafka Streams processing guarantee; at_least_once only for experiments."),
    STATE_DIR("state.dir", ".lodestone/streams-state", "Directory of the local state stores."),
    INSTANCE_ID(
            "instance.id",
            "",
            "This instance's static member name in the consumer group (group.instance.id):"
                    + " restarted within the session timeout it gets its tasks back without a"
                    + " rebalance. Empty: the host name and a hash of state.dir, stable across"
                    + " restarts, different for each instance on one host. Not set under"
                    + " kafka.group.protocol=streams, which does not support it."),
    WINDOW_GRACE(
            "window.grace",
            "P120D",
            "How late (event time, ISO-8601 duration) a shipment may arrive and still count in its"
                + " daily window, behind the newest of its input partition; a month judged before"
                + " then is judged again when one of its shipments comes late (alerts revised or"
                + " withdrawn). Later ones go to the DLQ as TOO_LATE."),
    ROUTE_VOLUME_RETENTION(
            "route.volume.retention",
            "P400D",
            "How long (event time, before the watermark) daily route totals are kept, updatable and"
                + " queryable; the monthly judge reads the days of every month not yet final (it"
                + " keeps its own history of final months), so at least 31 days + the larger of"
                + " window.grace and rerouting.judge.delay."),
    DEDUP_RETENTION(
            "dedup.retention",
            "P121D",
            "How long (event time) shipment ids are remembered to drop re-sent declarations; at"
                    + " least 1 day + window.grace."),
    LICENSE_HISTORY_RETENTION(
            "license.history.retention",
            "P1100D",
            "How long (stream time) superseded licence revisions are kept for lookups; must span a"
                    + " replay, since licences may be read ahead of shipments."),
    LICENSE_JOIN_GRACE(
            "license.join.grace",
            "PT10M",
            "How long (stream time) a shipment waits for licence revisions that arrive late before"
                    + " it is judged; delays compliance alerts as much."),
    LICENSE_REVISION_WINDOW(
            "license.revision.window",
            "P120D",
            "How long (stream time) after a shipment's event time, or after it was judged when that"
                    + " is later, a licence revision that arrives and was in force at the"
                    + " shipment's time judges it again: its licence alerts are revised, or"
                    + " withdrawn when the revision clears them. Its judgement is kept that long."),
    CHAIN_WINDOW(
            "rerouting.chain.window",
            "P90D",
            "How long after receiving a restricted commodity a hub company's export to a restricted"
                    + " destination counts as a transshipment chain."),
    CHAIN_TOLERANCE(
            "rerouting.chain.tolerance",
            "0.25",
            "How far the outbound leg's weight may be from the inbound leg's, as a fraction of it"
                    + " (0.25 = ±25%)."),
    CHAIN_DELAY(
            "rerouting.chain.delay",
            "P2D",
            "How long (event time) after an outbound leg's day it is first judged as a"
                + " transshipment chain (at most window.grace); an earlier inbound leg that comes"
                + " later, within window.grace, revises it."),
    SURGE_RATIO(
            "rerouting.surge.ratio",
            "3.0",
            "A route surges when its mean monthly net weight since the change month is at least"
                + " this multiple of the mean of the months before (docs/detection-quality.md)."),
    COLLAPSE_RATIO(
            "rerouting.collapse.ratio",
            "0.2",
            "A route collapses when its mean monthly net weight since the change month is at most"
                    + " this fraction of the mean of the months before; a surge right after a month"
                    + " this low is a base effect (INFO)."),
    HUB_FALL_RATIO(
            "rerouting.hub.fall.ratio",
            "0.8",
            "Hub rerouting: the direct restricted flow has fallen when its mean monthly net weight"
                + " since the change is at most this fraction of the months before; substitution in"
                + " a route's flow: the same for the commodity on the route."),
    HUB_RISE_RATIO(
            "rerouting.hub.rise.ratio",
            "1.5",
            "Hub rerouting: a leg through a hub has risen when its mean monthly net weight since"
                + " the change is at least this multiple of the months before; substitution in a"
                + " route's flow: the same for the watch code (and against the same months a year"
                + " before)."),
    SIGNIFICANCE(
            "rerouting.significance",
            "0.0003",
            "A surge or collapse counts only if its pooled declaration count is this unlikely"
                + " without a change (its tonnage confirming at this or 5%, whichever is looser,"
                + " and against the same months a year before at 5% where kept); a rerouting whose"
                + " change month is not near the control list's date counts only if the direct fall"
                + " and a hub's two legs together (Fisher's combination) are this unlikely; the"
                + " same for a substitution in a route's flow (the commodity's fall and the watch"
                + " code's rise together)."),
    EVENT_SIGNIFICANCE(
            "rerouting.event.significance",
            "0.01",
            "Hub rerouting from the control list's date (one planned test per restricted pair): the"
                + " direct flow's fall and a hub's two legs together (Fisher's combination of their"
                + " count tests) must be this unlikely; the direct fall alone must be below 0.02."
                + " Substitution in a route's flow from that date: the commodity's fall and the"
                + " watch code's rise together."),
    HUB_SIGNIFICANCE(
            "rerouting.hub.significance",
            "0.05",
            "Hub rerouting: a hub is named when the rise of its two legs together (Fisher's"
                + " combination of their count tests) is this unlikely; substitution in a route's"
                + " flow: the watch code's rise alone."),
    UNIT_VALUE_K(
            "unit.value.k",
            "5",
            "A declaration is out of its price band when its log(USD/kg) lies more than this many"
                + " spreads (1.4826 × the recency-weighted MAD) from the band's median"
                + " (UNIT_VALUE_ANOMALY, HS_SUBSTITUTION_SUSPECTED; docs/detection-quality.md)."),
    UNIT_VALUE_MIN_HISTORY(
            "unit.value.min.history",
            "24",
            "Declarations with a value an HS code needs in the 12 months before a month for its"
                    + " declarations of that month to be judged at all."),
    UNIT_VALUE_ORIGIN_HISTORY(
            "unit.value.origin.history",
            "30",
            "Declarations of one origin in those 12 months that give the origin a band of its own;"
                    + " fewer, and the code's band over every origin is used."),
    UNIT_VALUE_HALF_LIFE_MONTHS(
            "unit.value.half.life.months",
            "3",
            "How fast older months count less in a price band: a month this many months older"
                    + " weighs half as much, so the band follows a moving market."),
    UNIT_VALUE_MIN_SPREAD(
            "unit.value.min.spread",
            "0.1",
            "The narrowest spread (in log USD/kg; 0.1 ≈ 10%) a price band has, so a contract price"
                    + " repeated to the cent does not make every other price an anomaly."),
    JUDGE_DELAY(
            "rerouting.judge.delay",
            "P7D",
            "How long (stream time) after a month ends it is first judged, so most late and"
                + " unevenly processed records are in; later ones within window.grace revise the"
                + " judgement."),
    WATERMARK_IDLE_TIMEOUT(
            "watermark.idle.timeout",
            "PT1M",
            "After this long (wall clock) without input, an input partition stops holding back the"
                    + " monthly judgements of the others."),
    BROKER_CHECK_INTERVAL(
            "broker.check.interval",
            "PT5S",
            "How often the app asks the Kafka cluster for its nodes, to report broker reachability"
                    + " in /health and the metrics."),
    BROKER_WARN_AFTER(
            "broker.unreachable.warn.after",
            "PT15S",
            "After this long without an answer from the Kafka cluster the app logs a WARN (and an"
                    + " INFO when it answers again); health and readiness do not change."),
    CONNECT_URL(
            "connect.url",
            "",
            "REST URL of the Kafka Connect cluster that feeds Lodestone (e.g."
                    + " http://127.0.0.1:8083): the app restarts FAILED connectors and tasks"
                    + " (Connect never does) and counts them in lodestone_connect_failed;"
                    + " empty = not watched."),
    CONNECT_CHECK_INTERVAL(
            "connect.check.interval",
            "PT30S",
            "How often the app asks connect.url for the state of every connector and task."),
    CONNECT_RESTART_BACKOFF(
            "connect.restart.backoff",
            "PT5M",
            "The least time between two restarts of one connector's failed tasks, so a task that"
                    + " fails at once again is not restarted in a loop."),
    HTTP_PORT(
            "http.port",
            "8080",
            "Port of the HTTP endpoints (/metrics, /health/*, /api/*); 0 picks a free port."),
    HTTP_BIND_ADDRESS(
            "http.bind.address",
            "127.0.0.1",
            "Address the HTTP endpoints listen on: 127.0.0.1 = this host only; 0.0.0.0 = every"
                    + " interface (what probes and Prometheus need in a cluster: the image sets"
                    + " it)."),
    HTTP_QUERY_TOKEN(
            "http.query.token",
            "",
            "Bearer token the query API (/api/*) requires ('Authorization: Bearer <token>'); empty"
                    + " = its reads are open and its one write (case decisions) is refused."
                    + " /metrics and /health/* stay open."),
    HTTP_ADVERTISED_HOST(
            "http.advertised.host",
            "127.0.0.1",
            "Host name other instances use to reach this one's HTTP port (application.server); the"
                    + " pod or host name in a cluster."),
    METRICS_ROUTE_LIMIT(
            "metrics.route.limit",
            "500",
            "How many distinct routes get their own labels in"
                    + " lodestone_route_net_weight_kilograms_total; later ones count as 'other'."),
    CATALOGUE_FILE(
            "catalogue.file",
            "",
            "HS-prefix → commodity CSV; empty = the bundled "
                    + ReferenceData.BUNDLED_CATALOGUE
                    + "."),
    CONTROL_LIST_FILE(
            "control.list.file",
            "",
            "Export-control JSON; empty = the bundled " + ReferenceData.BUNDLED_CONTROL_LIST + "."),
    MATERIALITY_FILE(
            "materiality.file",
            "",
            "Commodity → smallest material change of a route's monthly net weight (kg) CSV; empty ="
                    + " the bundled "
                    + ReferenceData.BUNDLED_MATERIALITY
                    + "."),
    DECLARATION_LIMITS_FILE(
            "declaration.limits.file",
            "",
            "Commodity → heaviest plausible single declaration (kg) and highest plausible unit"
                    + " value (USD/kg) CSV: a shipment above either goes to the DLQ as"
                    + " IMPLAUSIBLE_DECLARATION; empty = the bundled "
                    + ReferenceData.BUNDLED_DECLARATION_LIMITS
                    + "."),
    WATCH_CODES_FILE(
            "watch.codes.file",
            "",
            "Watch codes CSV (hsPrefix,commodity,reason): the uncontrolled HS codes a controlled"
                + " commodity is passed off as; shipments under them are accepted and aggregated as"
                + " watch:<hsPrefix>, never as the commodity; empty = the bundled "
                    + ReferenceData.BUNDLED_WATCH_CODES
                    + "."),
    VALUE_MATERIALITY_FILE(
            "value.materiality.file",
            "",
            "Commodity → smallest value gap (USD) worth a unit-value alert CSV; empty = the bundled"
                    + " "
                    + ReferenceData.BUNDLED_VALUE_MATERIALITY
                    + ".");

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

package io.lodestone.config;

import io.lodestone.reference.DataFile;
import io.lodestone.reference.ReferenceData;
import io.lodestone.schemas.registry.ApicurioSchemaRegistry;
import io.lodestone.schemas.registry.RegistryAccess;
import io.lodestone.schemas.registry.SchemaRegistry;
import io.lodestone.schemas.topics.Topics;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Lodestone's configuration in one typed place. Precedence, lowest first: the defaults in {@link
 * ConfigOption}, a properties file, environment variables {@code LODESTONE_<KEY>}. Keys starting
 * with {@code kafka.} (or variables {@code LODESTONE_KAFKA_<KEY>}) pass through to Kafka Streams
 * unchanged, for settings Lodestone has no opinion on (e.g. {@code kafka.num.stream.threads=2}).
 */
public final class LodestoneConfig {

    public static final String KAFKA_PREFIX = "kafka.";
    private static final String KAFKA_ENV_PREFIX = "LODESTONE_KAFKA_";

    /** A value and where it came from, for {@code lodestone config} and error messages. */
    public record Setting(String value, String source) {}

    private final Map<ConfigOption, Setting> settings;
    private final Map<String, Setting> kafkaOverrides;

    private LodestoneConfig(
            Map<ConfigOption, Setting> settings, Map<String, Setting> kafkaOverrides) {
        this.settings = settings;
        this.kafkaOverrides = kafkaOverrides;
        validate();
    }

    /** Defaults, then {@code file} (may be null), then {@code env}. */
    public static LodestoneConfig load(Path file, Map<String, String> env) {
        Map<String, String> fromFile = new LinkedHashMap<>();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(
                        "configuration file " + file.toAbsolutePath() + " does not exist");
            }
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read configuration file " + file, e);
            }
            properties
                    .stringPropertyNames()
                    .forEach(k -> fromFile.put(k, properties.getProperty(k).trim()));
        }
        return build(fromFile, file == null ? "file" : file.toString(), env);
    }

    /**
     * Defaults overridden by {@code values} (keys as in the properties file); for tests and
     * embedding.
     */
    public static LodestoneConfig of(Map<String, String> values) {
        return build(values, "override", Map.of());
    }

    private static LodestoneConfig build(
            Map<String, String> values, String valuesSource, Map<String, String> env) {
        Map<ConfigOption, Setting> settings = new EnumMap<>(ConfigOption.class);
        Map<String, Setting> kafka = new TreeMap<>();
        for (ConfigOption option : ConfigOption.values()) {
            settings.put(option, new Setting(option.defaultValue(), "default"));
        }
        Map<String, ConfigOption> byKey = new TreeMap<>();
        for (ConfigOption option : ConfigOption.values()) {
            byKey.put(option.key(), option);
        }
        values.forEach(
                (key, value) -> {
                    if (key.startsWith(KAFKA_PREFIX)) {
                        kafka.put(
                                key.substring(KAFKA_PREFIX.length()),
                                new Setting(value, valuesSource));
                    } else if (byKey.containsKey(key)) {
                        settings.put(byKey.get(key), new Setting(value, valuesSource));
                    } else {
                        throw new ConfigException(
                                "unknown setting '"
                                        + key
                                        + "' in "
                                        + valuesSource
                                        + "; known settings: "
                                        + byKey.keySet()
                                        + ", or kafka.* for Kafka Streams");
                    }
                });
        for (ConfigOption option : ConfigOption.values()) {
            String value = env.get(option.envVar());
            if (value != null) {
                settings.put(option, new Setting(value.trim(), "env " + option.envVar()));
            }
        }
        env.forEach(
                (name, value) -> {
                    if (name.startsWith(KAFKA_ENV_PREFIX)) {
                        String key =
                                name.substring(KAFKA_ENV_PREFIX.length())
                                        .toLowerCase(Locale.ROOT)
                                        .replace('_', '.');
                        kafka.put(key, new Setting(value.trim(), "env " + name));
                    }
                });
        return new LodestoneConfig(settings, kafka);
    }

    private void validate() {
        topicPartitions();
        replicationFactor();
        httpPort();
        metricsRouteLimit();
        chainWindow();
        chainTolerance();
        chainDelay();
        surgeRatio();
        collapseRatio();
        significance();
        eventSignificance();
        hubSignificance();
        hubFallRatio();
        hubRiseRatio();
        Duration grace = windowGrace();
        requireAtLeast(
                ConfigOption.DEDUP_RETENTION,
                Duration.ofDays(1).plus(grace),
                "1 day + " + ConfigOption.WINDOW_GRACE.key(),
                "a re-sent declaration could otherwise be counted twice");
        requireAtLeast(
                ConfigOption.ROUTE_VOLUME_RETENTION,
                Duration.ofDays(31).plus(grace.compareTo(judgeDelay()) > 0 ? grace : judgeDelay()),
                "31 days + the larger of "
                        + ConfigOption.WINDOW_GRACE.key()
                        + " and "
                        + ConfigOption.JUDGE_DELAY.key(),
                "the days of a month are read until it is final");
        watermarkIdleTimeout();
        requireAtLeast(
                ConfigOption.LICENSE_HISTORY_RETENTION,
                grace.plus(licenseJoinGrace()).plus(licenseRevisionWindow()),
                "window.grace + license.join.grace + license.revision.window",
                "a shipment that late is judged against revisions that old, and judged again for"
                        + " the revision window after");
        createTopics();
    }

    /** Refuses a duration {@code option} below {@code least} ({@code what}), saying {@code why}. */
    private void requireAtLeast(ConfigOption option, Duration least, String what, String why) {
        Duration value = duration(option);
        if (value.compareTo(least) < 0) {
            throw new ConfigException(
                    String.format(
                            "%s=%s (%s) must be at least %s (%s): %s",
                            option.key(),
                            readable(value),
                            source(option),
                            what,
                            readable(least),
                            why));
        }
    }

    /** ISO-8601 in days where whole days ({@code P121D}, not {@code PT2904H}). */
    private static String readable(Duration d) {
        return d.toSeconds() % 86_400 == 0 && d.toDays() > 0
                ? "P" + d.toDays() + "D"
                : d.toString();
    }

    public String get(ConfigOption option) {
        return settings.get(option).value();
    }

    public String source(ConfigOption option) {
        return settings.get(option).source();
    }

    public String bootstrapServers() {
        return get(ConfigOption.BOOTSTRAP_SERVERS);
    }

    public String registryUrl() {
        return get(ConfigOption.SCHEMA_REGISTRY_URL);
    }

    /** The schema registry's URL with the truststore that verifies it (https). */
    public RegistryAccess registry() {
        return new RegistryAccess(
                registryUrl(),
                get(ConfigOption.SCHEMA_REGISTRY_TRUSTSTORE),
                get(ConfigOption.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD));
    }

    /**
     * The schema registry this configuration names, for the serdes (one client per registry and
     * trust).
     */
    public SchemaRegistry schemaRegistry() {
        return ApicurioSchemaRegistry.of(registry());
    }

    /**
     * Settings for a Kafka client beside Kafka Streams (admin, ingest producer, CLI consumers): the
     * bootstrap servers, then those {@code kafka.*} overrides the client knows ({@code
     * clientConfigNames}, e.g. ProducerConfig.configNames()): the security settings every client of
     * the app shares.
     */
    public Map<String, Object> kafkaClient(Set<String> clientConfigNames) {
        Map<String, Object> settings = new HashMap<>();
        kafkaOverrides()
                .forEach(
                        (k, v) -> {
                            if (clientConfigNames.contains(k)) {
                                settings.put(k, v);
                            }
                        });
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return settings;
    }

    public String applicationId() {
        return get(ConfigOption.APPLICATION_ID);
    }

    public Topics topics() {
        return new Topics(get(ConfigOption.TOPIC_PREFIX));
    }

    public boolean createTopics() {
        return bool(ConfigOption.TOPIC_CREATE);
    }

    public int topicPartitions() {
        return positiveInt(ConfigOption.TOPIC_PARTITIONS);
    }

    public short replicationFactor() {
        return (short) positiveInt(ConfigOption.TOPIC_REPLICATION_FACTOR);
    }

    public String processingGuarantee() {
        return get(ConfigOption.PROCESSING_GUARANTEE);
    }

    public Path stateDir() {
        return Path.of(get(ConfigOption.STATE_DIR));
    }

    /** {@code instance.id}, or the host name and a hash of the state directory's absolute path. */
    public String instanceId() {
        String configured = get(ConfigOption.INSTANCE_ID);
        if (!configured.isBlank()) {
            return configured;
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host
                + "-"
                + String.format(
                        "%08x", stateDir().toAbsolutePath().normalize().toString().hashCode());
    }

    public Duration windowGrace() {
        return duration(ConfigOption.WINDOW_GRACE);
    }

    public Duration routeVolumeRetention() {
        return duration(ConfigOption.ROUTE_VOLUME_RETENTION);
    }

    public Duration licenseHistoryRetention() {
        return duration(ConfigOption.LICENSE_HISTORY_RETENTION);
    }

    public Duration licenseJoinGrace() {
        return duration(ConfigOption.LICENSE_JOIN_GRACE);
    }

    public Duration licenseRevisionWindow() {
        return duration(ConfigOption.LICENSE_REVISION_WINDOW);
    }

    public Duration dedupRetention() {
        return duration(ConfigOption.DEDUP_RETENTION);
    }

    public Duration watermarkIdleTimeout() {
        return positiveDuration(ConfigOption.WATERMARK_IDLE_TIMEOUT);
    }

    public Duration brokerCheckInterval() {
        return positiveDuration(ConfigOption.BROKER_CHECK_INTERVAL);
    }

    public Duration brokerWarnAfter() {
        return positiveDuration(ConfigOption.BROKER_WARN_AFTER);
    }

    /**
     * The Kafka Connect REST URL the app watches ({@link ConfigOption#CONNECT_URL}); empty: none.
     */
    public Optional<String> connectUrl() {
        String url = get(ConfigOption.CONNECT_URL).strip();
        if (!url.isEmpty() && !url.matches("https?://.+")) {
            throw new ConfigException(
                    ConfigOption.CONNECT_URL.key()
                            + " must be an http:// or https:// URL, got '"
                            + url
                            + "'");
        }
        return url.isEmpty() ? Optional.empty() : Optional.of(url.replaceAll("/+$", ""));
    }

    public Duration connectCheckInterval() {
        return positiveDuration(ConfigOption.CONNECT_CHECK_INTERVAL);
    }

    public Duration connectRestartBackoff() {
        return parsed(
                ConfigOption.CONNECT_RESTART_BACKOFF,
                Duration::parse,
                d -> !d.isNegative(),
                "an ISO-8601 duration, 0 or more");
    }

    private Duration positiveDuration(ConfigOption option) {
        return parsed(
                option,
                Duration::parse,
                d -> !d.isNegative() && !d.isZero(),
                "a positive ISO-8601 duration");
    }

    public Duration chainDelay() {
        return duration(ConfigOption.CHAIN_DELAY);
    }

    public Duration chainWindow() {
        return duration(ConfigOption.CHAIN_WINDOW);
    }

    /**
     * Route changes: the least multiple of the mean before that is a surge ({@code
     * rerouting.surge.ratio}).
     */
    public double surgeRatio() {
        return nonNegative(ConfigOption.SURGE_RATIO);
    }

    /**
     * Route changes: the largest fraction of the mean before that is a collapse ({@code
     * rerouting.collapse.ratio}).
     */
    public double collapseRatio() {
        return nonNegative(ConfigOption.COLLAPSE_RATIO);
    }

    /**
     * How unlikely an undated surge, collapse or rerouting must be ({@code
     * rerouting.significance}).
     */
    public double significance() {
        return probability(ConfigOption.SIGNIFICANCE);
    }

    /**
     * How unlikely a rerouting judged from the control list's date must be ({@code
     * rerouting.event.significance}).
     */
    public double eventSignificance() {
        return probability(ConfigOption.EVENT_SIGNIFICANCE);
    }

    /**
     * How unlikely a hub's two legs rising together must be for the hub to be named ({@code
     * rerouting.hub.significance}).
     */
    public double hubSignificance() {
        return probability(ConfigOption.HUB_SIGNIFICANCE);
    }

    /**
     * Hub rerouting: the largest fraction of the level before that is a fall of the direct flow
     * ({@code rerouting.hub.fall.ratio}).
     */
    public double hubFallRatio() {
        return nonNegative(ConfigOption.HUB_FALL_RATIO);
    }

    /**
     * Hub rerouting: the least multiple of the level before that is a rise of a leg through a hub
     * ({@code rerouting.hub.rise.ratio}).
     */
    public double hubRiseRatio() {
        return nonNegative(ConfigOption.HUB_RISE_RATIO);
    }

    public double unitValueK() {
        return positive(ConfigOption.UNIT_VALUE_K);
    }

    public int unitValueMinHistory() {
        return positiveInt(ConfigOption.UNIT_VALUE_MIN_HISTORY);
    }

    public int unitValueOriginHistory() {
        return positiveInt(ConfigOption.UNIT_VALUE_ORIGIN_HISTORY);
    }

    public double unitValueHalfLifeMonths() {
        return positive(ConfigOption.UNIT_VALUE_HALF_LIFE_MONTHS);
    }

    public double unitValueMinSpread() {
        return positive(ConfigOption.UNIT_VALUE_MIN_SPREAD);
    }

    private double positive(ConfigOption option) {
        return parsed(
                option, Double::parseDouble, d -> d > 0 && Double.isFinite(d), "a number above 0");
    }

    /** How long after a month ends the monthly judges wait for its late shipments. */
    public Duration judgeDelay() {
        return duration(ConfigOption.JUDGE_DELAY);
    }

    private double probability(ConfigOption option) {
        return parsed(
                option,
                Double::parseDouble,
                p -> p > 0 && p <= 1,
                "a probability above 0 and at most 1");
    }

    private double nonNegative(ConfigOption option) {
        return parsed(
                option,
                Double::parseDouble,
                d -> d >= 0 && Double.isFinite(d),
                "a number of 0 or more");
    }

    public double chainTolerance() {
        return parsed(
                ConfigOption.CHAIN_TOLERANCE,
                Double::parseDouble,
                t -> t >= 0 && t <= 1,
                "a fraction from 0 to 1");
    }

    public String httpBindAddress() {
        return get(ConfigOption.HTTP_BIND_ADDRESS);
    }

    /** The bearer token the query API requires; empty: none. */
    public String httpQueryToken() {
        return get(ConfigOption.HTTP_QUERY_TOKEN);
    }

    public int httpPort() {
        return parsed(
                ConfigOption.HTTP_PORT,
                Integer::parseInt,
                port -> port >= 0 && port <= 65535,
                "a port number from 0 to 65535");
    }

    public String httpAdvertisedHost() {
        return get(ConfigOption.HTTP_ADVERTISED_HOST);
    }

    public int metricsRouteLimit() {
        return positiveInt(ConfigOption.METRICS_ROUTE_LIMIT);
    }

    public DataFile catalogueFile() {
        return DataFile.of(get(ConfigOption.CATALOGUE_FILE), ReferenceData.BUNDLED_CATALOGUE);
    }

    public DataFile controlListFile() {
        return DataFile.of(get(ConfigOption.CONTROL_LIST_FILE), ReferenceData.BUNDLED_CONTROL_LIST);
    }

    public DataFile materialityFile() {
        return DataFile.of(get(ConfigOption.MATERIALITY_FILE), ReferenceData.BUNDLED_MATERIALITY);
    }

    public DataFile declarationLimitsFile() {
        return DataFile.of(
                get(ConfigOption.DECLARATION_LIMITS_FILE),
                ReferenceData.BUNDLED_DECLARATION_LIMITS);
    }

    public DataFile valueMaterialityFile() {
        return DataFile.of(
                get(ConfigOption.VALUE_MATERIALITY_FILE), ReferenceData.BUNDLED_VALUE_MATERIALITY);
    }

    public DataFile watchCodesFile() {
        return DataFile.of(get(ConfigOption.WATCH_CODES_FILE), ReferenceData.BUNDLED_WATCH_CODES);
    }

    /** The reference data files this configuration names, loaded and checked against each other. */
    public ReferenceData referenceData() {
        return ReferenceData.load(
                catalogueFile(),
                controlListFile(),
                materialityFile(),
                declarationLimitsFile(),
                watchCodesFile(),
                valueMaterialityFile());
    }

    /** Settings passed to Kafka Streams as they are (without the {@code kafka.} prefix). */
    public Map<String, String> kafkaOverrides() {
        Map<String, String> result = new TreeMap<>();
        kafkaOverrides.forEach((k, v) -> result.put(k, v.value()));
        return result;
    }

    /** Every effective setting with its source, one per line, for {@code lodestone config}. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (ConfigOption option : ConfigOption.values()) {
            out.append(
                    String.format(
                            "%-40s = %-28s (%s)%n",
                            option.key(), shown(option.key(), get(option)), source(option)));
        }
        kafkaOverrides.forEach(
                (k, v) ->
                        out.append(
                                String.format(
                                        "%-40s = %-28s (%s)%n",
                                        KAFKA_PREFIX + k, shown(k, v.value()), v.source())));
        return out.toString();
    }

    /**
     * A properties file of every setting, commented out at its default with its description, then a
     * commented example of the security settings: what {@code lodestone config --template} prints
     * and the distribution ships.
     */
    public static String template() {
        StringBuilder out =
                new StringBuilder(
                        """
                        # Lodestone configuration. Every setting is shown commented out at its default: uncomment and change what
                        # differs. Environment variables LODESTONE_<KEY> (upper case, dots and dashes as underscores) override this
                        # file. Keys starting with kafka. go to every Kafka client of Lodestone unchanged (Kafka Streams included).
                        # 'lodestone config -c FILE' prints the result and where each value came from.
                        """);
        for (ConfigOption option : ConfigOption.values()) {
            out.append("\n# ")
                    .append(option.description())
                    .append("\n#")
                    .append(option.key())
                    .append('=')
                    .append(option.defaultValue())
                    .append('\n');
        }
        out.append(
                """

                # A secured cluster (SASL_SSL with SCRAM, a private CA), for every Kafka client of Lodestone:
                #kafka.security.protocol=SASL_SSL
                #kafka.sasl.mechanism=SCRAM-SHA-512
                #kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="lodestone-app" \
                password="...";
                #kafka.ssl.truststore.type=PKCS12
                #kafka.ssl.truststore.location=/etc/lodestone/truststore.p12
                #kafka.ssl.truststore.password=...
                # More Kafka Streams threads on a bigger machine:
                #kafka.num.stream.threads=2
                """);
        return out.toString();
    }

    /**
     * A secret (a password, a token, a JAAS configuration, which holds one) as stars: {@code
     * lodestone config} output gets pasted.
     */
    private static String shown(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        boolean secret =
                k.contains("password")
                        || k.contains("token")
                        || k.contains("jaas")
                        || k.contains("secret");
        return secret && !value.isEmpty() ? "******" : value;
    }

    private Duration duration(ConfigOption option) {
        String value = get(option);
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative()) {
                throw new ConfigException(
                        option.key()
                                + " must not be negative, got "
                                + value
                                + " ("
                                + source(option)
                                + ")");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new ConfigException(
                    option.key()
                            + " must be an ISO-8601 duration such as P2D or PT6H, got '"
                            + value
                            + "' ("
                            + source(option)
                            + ")");
        }
    }

    private int positiveInt(ConfigOption option) {
        return parsed(option, Integer::parseInt, n -> n >= 1, "a whole number of at least 1");
    }

    /**
     * The option's value parsed and checked; a ConfigException naming key, value and source
     * otherwise.
     */
    private <T> T parsed(
            ConfigOption option,
            Function<String, T> parse,
            Predicate<T> valid,
            String expectation) {
        String value = get(option);
        try {
            T parsed = parse.apply(value);
            if (valid.test(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below, like a value out of range
        }
        throw new ConfigException(
                option.key()
                        + " must be "
                        + expectation
                        + ", got '"
                        + value
                        + "' ("
                        + source(option)
                        + ")");
    }

    private boolean bool(ConfigOption option) {
        String value = get(option).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigException(
                    option.key()
                            + " must be true or false, got '"
                            + get(option)
                            + "' ("
                            + source(option)
                            + ")");
        }
        return Boolean.parseBoolean(value);
    }
}

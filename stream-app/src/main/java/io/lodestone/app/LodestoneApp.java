package io.lodestone.app;

import io.lodestone.api.CaseApi;
import io.lodestone.api.HttpEndpoints;
import io.lodestone.api.QueryApi;
import io.lodestone.cases.DecisionPublisher;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.reference.ReferenceData;
import io.lodestone.schemas.registry.AvroSerdes;
import io.lodestone.schemas.topics.TopicProvisioner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running Lodestone stream application: reference data, topics, the topology and its lifecycle.
 */
public final class LodestoneApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LodestoneApp.class);

    private final KafkaStreams streams;
    private final AppMetrics metrics;
    private final HttpEndpoints http;
    private final DecisionPublisher decisions;
    private final BrokerWatch broker;
    private final Optional<ConnectWatch> connect;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private LodestoneApp(
            KafkaStreams streams,
            AppMetrics metrics,
            HttpEndpoints http,
            BrokerWatch broker,
            DecisionPublisher decisions,
            Optional<ConnectWatch> connect) {
        this.connect = connect;
        this.decisions = decisions;
        this.streams = streams;
        this.metrics = metrics;
        this.http = http;
        this.broker = broker;
    }

    public static LodestoneApp start(LodestoneConfig config) {
        ReferenceData reference = config.referenceData();
        log.info(
                "commodity catalogue {}: {} HS prefixes, {} commodities; control list {}: {}"
                        + " licence requirements, {} restricted pairs",
                config.catalogueFile(),
                reference.catalogue().size(),
                reference.catalogue().commodities().size(),
                config.controlListFile(),
                reference.controlList().licenceRequirements().size(),
                reference.controlList().restrictedPairs().size());
        log.info(
                "materiality {}; declaration limits {}; value materiality {}; watch codes {}: {} HS"
                        + " prefixes",
                config.materialityFile(),
                config.declarationLimitsFile(),
                config.valueMaterialityFile(),
                config.watchCodesFile(),
                reference.watchCodes().size());
        if (config.createTopics()) {
            List<String> created =
                    TopicProvisioner.createMissing(
                            config.kafkaClient(AdminClientConfig.configNames()),
                            config.topics()
                                    .definitions(
                                            config.topicPartitions(), config.replicationFactor()),
                            Duration.ofSeconds(30));
            if (!created.isEmpty()) {
                log.info("created topics {}", created);
            }
        }
        try (Admin admin = Admin.create(config.kafkaClient(AdminClientConfig.configNames()))) {
            LicenceStoreUpgrade.rewindIfNeeded(
                    admin, config.applicationId(), config.topics().licenses());
        }
        int shipmentPartitions =
                TopicProvisioner.partitionCount(
                        config.kafkaClient(AdminClientConfig.configNames()),
                        config.topics().shipments(),
                        Duration.ofSeconds(30));
        Topology topology =
                LodestoneTopology.build(
                        config,
                        reference,
                        new AvroSerdes(config.schemaRegistry()),
                        shipmentPartitions);
        log.debug("topology:\n{}", topology.describe());
        HttpEndpoints http = HttpEndpoints.bind(config.httpBindAddress(), config.httpPort());
        HostInfo self = new HostInfo(config.httpAdvertisedHost(), http.port());
        Properties settings = StreamsSettings.of(config);
        settings.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        KafkaStreams streams = new KafkaStreams(topology, settings);
        BrokerWatch broker =
                BrokerWatch.start(
                        config.kafkaClient(AdminClientConfig.configNames()),
                        config.brokerCheckInterval(),
                        config.brokerWarnAfter());
        AppMetrics metrics = AppMetrics.bind(streams, broker);
        QueryApi queries = new QueryApi(streams, self, config.httpQueryToken());
        DecisionPublisher decisions =
                new DecisionPublisher(
                        config.kafkaClient(ProducerConfig.configNames()),
                        config.topics().caseDecisions(),
                        config.schemaRegistry());
        http.serve(
                metrics.registry(),
                streams::state,
                broker,
                queries,
                new CaseApi(queries, decisions::publish, Clock.systemUTC()));
        Optional<ConnectWatch> connect =
                config.connectUrl()
                        .map(
                                url ->
                                        ConnectWatch.start(
                                                url,
                                                config.connectCheckInterval(),
                                                config.connectRestartBackoff(),
                                                metrics.registry()));
        LodestoneApp app = new LodestoneApp(streams, metrics, http, broker, decisions, connect);
        String instanceId = settings.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        ThreadFailureHandler failures =
                ThreadFailureHandler.sleeping(
                        instanceId == null
                                ? thread -> {}
                                : thread -> removeStaticMember(config, instanceId + "-" + thread));
        streams.setStateListener(
                (now, before) -> {
                    log.info("Kafka Streams {} -> {}", before, now);
                    if (now == KafkaStreams.State.RUNNING) {
                        failures.running();
                    }
                    if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                        app.stopped.countDown();
                    }
                });
        streams.setUncaughtExceptionHandler(failures);
        log.info(
                "starting Lodestone against {} (application.id={}, processing.guarantee={},"
                        + " grace={}, {} shipment partitions)",
                config.bootstrapServers(),
                config.applicationId(),
                config.processingGuarantee(),
                config.windowGrace(),
                shipmentPartitions);
        streams.start();
        return app;
    }

    /**
     * The stream app without the command line: {@code java -cp <the app's classpath>
     * io.lodestone.app.LodestoneApp [FILE]}, configured by the properties FILE and the {@code
     * LODESTONE_*} environment variables. Runs until SIGTERM or Ctrl-C; exit code 1 when Kafka
     * Streams failed for good, 2 on a usage error.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length > 1 || args.length == 1 && args[0].startsWith("-")) {
            System.err.println(
                    "usage: java -cp ... io.lodestone.app.LodestoneApp [config.properties]");
            System.exit(2);
        }
        LodestoneConfig config =
                LodestoneConfig.load(args.length == 1 ? Path.of(args[0]) : null, System.getenv());
        System.exit(runUntilStopped(config) ? 0 : 1);
    }

    /**
     * Runs the app until the JVM is asked to stop (its shutdown hook closes the app) or Kafka
     * Streams fails for good; false in the second case.
     */
    public static boolean runUntilStopped(LodestoneConfig config) throws InterruptedException {
        LodestoneApp app = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "lodestone-shutdown"));
        app.awaitStopped();
        return app.state() != KafkaStreams.State.ERROR;
    }

    /** Waits until the application is RUNNING; false on timeout or if it failed. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                return false;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /**
     * Removes a static member from the app's consumer group, so the group need not wait out its
     * session timeout.
     */
    private static void removeStaticMember(LodestoneConfig config, String groupInstanceId) {
        try (Admin admin = Admin.create(config.kafkaClient(AdminClientConfig.configNames()))) {
            admin.removeMembersFromConsumerGroup(
                            config.applicationId(),
                            new RemoveMembersFromConsumerGroupOptions(
                                    List.of(new MemberToRemove(groupInstanceId))))
                    .all()
                    .get(10, TimeUnit.SECONDS);
            log.info(
                    "removed the failed stream thread's member {} from group {}",
                    groupInstanceId,
                    config.applicationId());
        } catch (Exception e) {
            log.warn(
                    "could not remove the failed stream thread's member {} from group {} ({}): its"
                            + " replacement waits for its session to time out"
                            + " (kafka.session.timeout.ms)",
                    groupInstanceId,
                    config.applicationId(),
                    e.getMessage());
        }
    }

    /** Blocks until the application stops (after {@link #close()} or a fatal error). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The port of /metrics and /health (useful when http.port is 0). */
    public int httpPort() {
        return http.port();
    }

    @Override
    public void close() {
        log.info("stopping Lodestone");
        // Leaving the group hands this instance's tasks over at once instead of after the session
        // timeout.
        streams.close(
                CloseOptions.groupMembershipOperation(
                                CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30)));
        connect.ifPresent(ConnectWatch::close);
        http.close();
        decisions.close();
        broker.close();
        metrics.close();
        stopped.countDown();
    }
}

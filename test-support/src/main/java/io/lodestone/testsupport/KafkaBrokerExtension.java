package io.lodestone.testsupport;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real KRaft Kafka broker inside the test JVM (Kafka's own test kit, an internal API kept behind
 * this class), started once per test JVM and closed when all its tests are done. Internal topics
 * have replication factor 1, so transactions (exactly-once) work; topics are never created
 * implicitly.
 *
 * <pre>{@code @ExtendWith(KafkaBrokerExtension.class) ... KafkaBrokerExtension.bootstrapServers()}
 * </pre>
 */
public final class KafkaBrokerExtension implements BeforeAllCallback {

    private static final Logger log = LoggerFactory.getLogger(KafkaBrokerExtension.class);

    private static volatile String bootstrapServers;
    private static Broker running;

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store lives for the whole test run and closes its resources at the end, once.
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(
                        KafkaBrokerExtension.class.getName(), key -> start(), Broker.class);
    }

    /** E.g. {@code localhost:41234}; only inside a test class extended with this extension. */
    public static String bootstrapServers() {
        String servers = bootstrapServers;
        if (servers == null) {
            throw new IllegalStateException(
                    "no in-JVM broker: annotate the test class with"
                            + " @ExtendWith(KafkaBrokerExtension.class)");
        }
        return servers;
    }

    /**
     * The bootstrap servers, starting the broker first if no test has: for test engines without
     * JUnit's extensions (jqwik's properties). It then runs until the JVM exits.
     */
    public static String bootstrapServersStartingIfNeeded() {
        return start().cluster().bootstrapServers();
    }

    private static synchronized Broker start() {
        if (running != null) {
            return running;
        }
        long started = System.nanoTime();
        try {
            KafkaClusterTestKit cluster =
                    new KafkaClusterTestKit.Builder(
                                    new TestKitNodes.Builder()
                                            .setCombined(true)
                                            .setNumBrokerNodes(1)
                                            .setNumControllerNodes(1)
                                            // The kit defaults to the newest *unstable* metadata
                                            // version; tests should see what a real 4.4 broker
                                            // offers.
                                            .setBootstrapMetadataVersion(
                                                    MetadataVersion.latestProduction())
                                            .build())
                            .setConfigProp("offsets.topic.replication.factor", "1")
                            .setConfigProp("transaction.state.log.replication.factor", "1")
                            .setConfigProp("transaction.state.log.min.isr", "1")
                            .setConfigProp("group.initial.rebalance.delay.ms", "0")
                            .setConfigProp("auto.create.topics.enable", "false")
                            .build();
            Broker broker = new Broker(cluster); // closes the kit even if starting fails half-way
            try {
                cluster.format();
                cluster.startup();
                cluster.waitForReadyBrokers();
            } catch (Exception e) {
                broker.close();
                throw e;
            }
            bootstrapServers = cluster.bootstrapServers();
            running = broker;
            log.info(
                    "in-JVM Kafka broker ready at {} in {} ms",
                    bootstrapServers,
                    (System.nanoTime() - started) / 1_000_000);
            return broker;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "the in-JVM Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    private record Broker(KafkaClusterTestKit cluster)
            implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            synchronized (KafkaBrokerExtension.class) {
                bootstrapServers = null;
                running = null;
            }
            cluster.close();
        }
    }
}

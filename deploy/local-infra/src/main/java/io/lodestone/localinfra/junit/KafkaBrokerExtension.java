package io.lodestone.localinfra.junit;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real KRaft Kafka broker inside the test JVM (Kafka's own test kit), started once per test run and
 * closed at its end. Transactions work: internal topics have replication factor 1.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback {

    private static KafkaClusterTestKit cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start(context);
    }

    private static synchronized void start(ExtensionContext context) throws Exception {
        if (cluster != null) {
            return;
        }
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        cluster = kit;
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .put(KafkaBrokerExtension.class.getName(), (ExtensionContext.Store.CloseableResource) KafkaBrokerExtension::stop);
    }

    private static synchronized void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    public static String bootstrapServers() {
        if (cluster == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(KafkaBrokerExtension.class)");
        }
        return cluster.bootstrapServers();
    }
}

package io.lodestone.testsupport;

import io.lodestone.localinfra.GroupProgress;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What tests of a running app (a process or a container) wait for: its group having read a topic to
 * the end.
 */
public final class ConsumerGroups {

    private ConsumerGroups() {}

    /**
     * Waits until {@code group} has processed every record of {@code topic} ({@link
     * GroupProgress#awaitProcessed}); fails after {@code timeout}.
     */
    public static void requireProcessed(
            String bootstrap, String group, String topic, Duration timeout) throws Exception {
        if (!GroupProgress.awaitProcessed(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                group,
                topic,
                timeout,
                System.err::println)) {
            throw new AssertionError(
                    "group "
                            + group
                            + " did not process all of "
                            + topic
                            + " within "
                            + timeout.toSeconds()
                            + " s");
        }
    }
}

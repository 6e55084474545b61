package io.lodestone.app;

import io.lodestone.api.HttpEndpoints;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster answers. Kafka Streams waits through a broker outage without a word
 * (its clients retry), so an outage would be invisible: every check interval this asks the cluster
 * for its nodes, logs a WARN once the cluster has not answered for {@code warnAfter} and an INFO
 * when it answers again, and tells the health endpoints and metrics how long ago it last answered.
 */
public final class BrokerWatch implements HttpEndpoints.BrokerContact, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerWatch.class);

    private final BooleanSupplier probe;
    private final Duration warnAfter;
    private final Clock clock;
    private final String brokers;
    private final AutoCloseable resources;
    private volatile Instant lastContact;
    private volatile boolean reachable = true;
    private boolean warned;

    BrokerWatch(
            BooleanSupplier probe,
            Duration warnAfter,
            Clock clock,
            String brokers,
            AutoCloseable resources) {
        this.probe = probe;
        this.warnAfter = warnAfter;
        this.clock = clock;
        this.brokers = brokers;
        this.resources = resources;
        this.lastContact = clock.instant();
    }

    /**
     * Starts checking the cluster every {@code interval} with an admin client of {@code
     * adminSettings} ({@link io.lodestone.config.LodestoneConfig#kafkaClient}).
     */
    public static BrokerWatch start(
            Map<String, Object> adminSettings, Duration interval, Duration warnAfter) {
        Map<String, Object> config = new HashMap<>(adminSettings);
        String bootstrapServers =
                String.valueOf(config.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "lodestone-broker-watch");
        int timeoutMs = (int) Math.max(1_000, Math.min(interval.toMillis(), 10_000));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        Admin admin = Admin.create(config);
        ScheduledExecutorService timer = Watches.timer("lodestone-broker-watch");
        BooleanSupplier probe =
                () -> {
                    try {
                        return !admin.describeCluster(
                                        new DescribeClusterOptions().timeoutMs(timeoutMs))
                                .nodes()
                                .get(timeoutMs, TimeUnit.MILLISECONDS)
                                .isEmpty();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    } catch (Exception e) {
                        return false;
                    }
                };
        BrokerWatch watch =
                new BrokerWatch(
                        probe,
                        warnAfter,
                        Clock.systemUTC(),
                        bootstrapServers,
                        () -> {
                            timer.shutdownNow();
                            admin.close(Duration.ofSeconds(1));
                        });
        timer.scheduleWithFixedDelay(watch::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    /** One check: asks the cluster, then logs a change worth a line. */
    void check() {
        Instant now = clock.instant();
        if (probe.getAsBoolean()) {
            if (warned) {
                log.info(
                        "Kafka at {} answers again after {} s without contact",
                        brokers,
                        Duration.between(lastContact, now).toSeconds());
            }
            lastContact = now;
            reachable = true;
            warned = false;
            return;
        }
        reachable = false;
        Duration silent = Duration.between(lastContact, now);
        if (!warned && silent.compareTo(warnAfter) >= 0) {
            warned = true;
            log.warn(
                    "no answer from Kafka at {} for {} s: processing waits until it is back"
                        + " (nothing is lost; exactly-once resumes where it stopped). Check the"
                        + " brokers and the network; /health/ready stays as Kafka Streams reports"
                        + " it",
                    brokers,
                    silent.toSeconds());
        }
    }

    /** Whether the cluster answered the last check. */
    @Override
    public boolean reachable() {
        return reachable;
    }

    /** Seconds since the cluster last answered (0 while it answers). */
    @Override
    public long secondsSinceContact() {
        return reachable ? 0 : Duration.between(lastContact, clock.instant()).toSeconds();
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            log.debug("closing the broker watch", e);
        }
    }
}

package io.lodestone.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The Prometheus registry of one running app: JVM and process metrics, Kafka Streams' own client
 * metrics (Micrometer's binder), {@code lodestone_streams_running} (1 while RUNNING), and the
 * business metrics of {@link io.lodestone.metrics.PipelineMetrics} through Micrometer's global
 * registry.
 */
final class AppMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics;

    private AppMetrics(
            PrometheusMeterRegistry registry,
            KafkaStreamsMetrics streamsMetrics,
            JvmGcMetrics gcMetrics) {
        this.registry = registry;
        this.streamsMetrics = streamsMetrics;
        this.gcMetrics = gcMetrics;
    }

    static AppMetrics bind(KafkaStreams streams, BrokerWatch broker) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams);
        kafka.bindTo(registry);
        Gauge.builder(
                        "lodestone.streams.running",
                        streams,
                        s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description(
                        "1 while Kafka Streams is RUNNING, 0 while rebalancing, restoring, failed"
                                + " or stopped")
                .register(registry);
        Gauge.builder("lodestone.broker.reachable", broker, b -> b.reachable() ? 1 : 0)
                .description(
                        "1 while the Kafka cluster answered the app's last check, 0 while it does"
                                + " not")
                .register(registry);
        Gauge.builder(
                        "lodestone.broker.seconds.since.contact",
                        broker,
                        BrokerWatch::secondsSinceContact)
                .description(
                        "Seconds since the Kafka cluster last answered the app's check (0 while it"
                                + " answers)")
                .register(registry);
        Metrics.addRegistry(registry);
        return new AppMetrics(registry, kafka, gc);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        Metrics.removeRegistry(registry);
        streamsMetrics.close();
        gcMetrics.close();
        registry.close();
    }
}

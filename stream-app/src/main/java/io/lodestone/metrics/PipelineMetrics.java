package io.lodestone.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lodestone's business metrics, recorded in Micrometer's global registry (the app adds its
 * Prometheus registry to it at start; in unit tests nothing is attached and recording costs
 * nothing). Counters are operational figures: after a crash, work that is redone under exactly-once
 * is counted again; the output topics are the exact record. Labels are bounded: reasons, alert
 * types and severities are enums, commodities come from the catalogue, routes are capped by {@link
 * RouteLabels}; never a shipment or a company.
 */
public final class PipelineMetrics {

    /** What became of a valid shipment record (invalid ones are counted by the DLQ metric). */
    public enum Outcome {
        ACCEPTED,
        DUPLICATE,
        /** Accepted as an amendment: a higher revision that replaced what its id had counted. */
        AMENDED
    }

    private static final MeterRegistry REGISTRY = Metrics.globalRegistry;
    // Counted for every shipment: looking a counter up by name and tags each time cost more than
    // the counting.
    private static final Map<Outcome, Counter> SHIPMENTS = new ConcurrentHashMap<>();
    private static final Map<RouteLabels.Labels, Counter> ROUTE_WEIGHTS = new ConcurrentHashMap<>();

    private PipelineMetrics() {}

    public static void shipment(Outcome outcome) {
        SHIPMENTS
                .computeIfAbsent(
                        outcome,
                        o ->
                                Counter.builder("lodestone.shipments")
                                        .description("Shipment records by outcome")
                                        .tag("outcome", o.name().toLowerCase())
                                        .register(REGISTRY))
                .increment();
    }

    public static void deadLetter(String topic, String reason) {
        Counter.builder("lodestone.dlq.records")
                .description("Records sent to the DLQ, by input topic and reason")
                .tag("topic", topic)
                .tag("reason", reason)
                .register(REGISTRY)
                .increment();
    }

    public static void alert(String type, String severity) {
        Counter.builder("lodestone.alerts")
                .description("Alerts written, by type and severity")
                .tag("type", type)
                .tag("severity", severity)
                .register(REGISTRY)
                .increment();
    }

    public static void alertWithdrawn(String type) {
        Counter.builder("lodestone.alerts.withdrawn")
                .description("Alerts withdrawn after late data, by type")
                .tag("type", type)
                .register(REGISTRY)
                .increment();
    }

    /**
     * An accepted declaration whose unit value cannot be judged: its {@code valueUsd} is {@code
     * missing} or {@code zero} (a negative one went to the DLQ).
     */
    public static void unitValueSkipped(String reason) {
        Counter.builder("lodestone.unit.value.skipped")
                .description("Accepted declarations whose unit value is not judged, by reason")
                .tag("reason", reason)
                .register(REGISTRY)
                .increment();
    }

    public static void routeWeight(RouteLabels.Labels route, double netWeightKg) {
        ROUTE_WEIGHTS
                .computeIfAbsent(
                        route,
                        r ->
                                Counter.builder("lodestone.route.net.weight")
                                        .baseUnit("kilograms")
                                        .description("Net weight of accepted shipments per route")
                                        .tag("commodity", r.commodity())
                                        .tag("origin", r.origin())
                                        .tag("export_country", r.exportCountry())
                                        .tag("import_country", r.importCountry())
                                        .register(REGISTRY))
                .increment(netWeightKg);
    }
}

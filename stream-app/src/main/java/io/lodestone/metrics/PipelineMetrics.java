package io.lodestone.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * Lodestone's business metrics, recorded in Micrometer's global registry (the app adds its Prometheus
 * registry to it at start; in unit tests nothing is attached and recording costs nothing). Counters are
 * operational figures: after a crash, work that is redone under exactly-once is counted again; the
 * output topics are the exact record. Labels are bounded: reasons, alert types and severities are enums,
 * commodities come from the catalogue, routes are capped by {@link RouteLabels}; never a shipment or a company.
 */
public final class PipelineMetrics {

    /** What became of a valid shipment record (invalid ones are counted by the DLQ metric). */
    public enum Outcome { ACCEPTED, DUPLICATE, LATE }

    private static final MeterRegistry REGISTRY = Metrics.globalRegistry;

    private PipelineMetrics() {
    }

    public static void shipment(Outcome outcome) {
        Counter.builder("lodestone.shipments").description("Shipment records by outcome")
                .tag("outcome", outcome.name().toLowerCase()).register(REGISTRY).increment();
    }

    public static void deadLetter(String topic, String reason) {
        Counter.builder("lodestone.dlq.records").description("Records sent to the DLQ, by input topic and reason")
                .tag("topic", topic).tag("reason", reason).register(REGISTRY).increment();
    }

    public static void alert(String type, String severity) {
        Counter.builder("lodestone.alerts").description("Alerts written, by type and severity")
                .tag("type", type).tag("severity", severity).register(REGISTRY).increment();
    }

    public static void routeWeight(RouteLabels.Labels route, double netWeightKg) {
        Counter.builder("lodestone.route.net.weight").baseUnit("kilograms").description("Net weight of accepted shipments per route")
                .tag("commodity", route.commodity()).tag("origin", route.origin())
                .tag("export_country", route.exportCountry()).tag("import_country", route.importCountry())
                .register(REGISTRY).increment(netWeightKg);
    }
}

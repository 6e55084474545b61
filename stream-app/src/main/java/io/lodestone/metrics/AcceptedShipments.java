package io.lodestone.metrics;

import io.lodestone.avro.Shipment;
import io.lodestone.reference.CommodityCatalogue;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Counts the shipments that passed validation, de-duplication and the lateness check, and their
 * weight per route.
 */
public final class AcceptedShipments {

    private AcceptedShipments() {}

    public static KStream<String, Shipment> build(
            KStream<String, Shipment> accepted, CommodityCatalogue catalogue, RouteLabels routes) {
        return accepted.peek(
                (id, s) -> {
                    PipelineMetrics.shipment(PipelineMetrics.Outcome.ACCEPTED);
                    PipelineMetrics.routeWeight(
                            routes.of(
                                    catalogue.commodityOf(s.getHsCode()).orElseThrow(),
                                    s.getOriginCountry(),
                                    s.getExportCountry(),
                                    s.getImportCountry()),
                            s.getNetWeightKg());
                },
                Named.as("count-accepted-shipments"));
    }
}

package io.lodestone.metrics;

import io.lodestone.avro.Shipment;
import io.lodestone.reference.ReferenceData;
import java.util.function.Function;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Counts the shipments that passed validation, de-duplication and the lateness check, and their
 * weight per route.
 */
public final class AcceptedShipments {

    private AcceptedShipments() {}

    /** {@code shipment}: the declaration in each of {@code accepted}'s values. */
    public static <V> KStream<String, V> build(
            KStream<String, V> accepted,
            Function<V, Shipment> shipment,
            ReferenceData reference,
            RouteLabels routes) {
        return accepted.peek(
                (id, value) -> {
                    Shipment s = shipment.apply(value);
                    PipelineMetrics.shipment(PipelineMetrics.Outcome.ACCEPTED);
                    PipelineMetrics.routeWeight(
                            routes.of(
                                    reference.routeLabel(s.getHsCode()),
                                    s.getOriginCountry(),
                                    s.getExportCountry(),
                                    s.getImportCountry()),
                            s.getNetWeightKg());
                },
                Named.as("count-accepted-shipments"));
    }
}

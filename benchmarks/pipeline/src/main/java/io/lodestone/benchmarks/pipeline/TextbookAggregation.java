package io.lodestone.benchmarks.pipeline;

import io.lodestone.app.StreamsSettings;
import io.lodestone.avro.RouteVolume;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.ingest.EventTimeExtractor;
import io.lodestone.reference.CommodityCatalogue;
import io.lodestone.routes.RouteKey;
import io.lodestone.routes.RouteTotals;
import io.lodestone.routes.RouteVolumeAggregator;
import io.lodestone.schemas.registry.RegistrySerdes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * The peer of phase 3: the same route aggregation as a Kafka Streams user writes it from the
 * documentation, with nothing of Lodestone's design: group by route, a one-day window with the same
 * grace, aggregate with the record caches on, the same Avro serdes through the registry,
 * exactly-once as configured. No validation, no de-duplication, no watermarks across the
 * repartition; shipments of an unknown commodity are skipped.
 */
final class TextbookAggregation {

    private static final long KAFKA_DEFAULT_CACHE_BYTES = 10 * 1024 * 1024L;

    private TextbookAggregation() {}

    /**
     * Lodestone's settings (exactly-once, the same cluster), but Kafka's own record cache size, as
     * a textbook user has it.
     */
    static Properties settings(LodestoneConfig config) {
        Properties settings = StreamsSettings.of(config);
        if (!config.kafkaOverrides().containsKey(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG)) {
            settings.put(
                    StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, KAFKA_DEFAULT_CACHE_BYTES);
        }
        return settings;
    }

    static Topology build(LodestoneConfig config, CommodityCatalogue catalogue) {
        Serde<Shipment> shipments = RegistrySerdes.valueSerde(config.schemaRegistry());
        Serde<RouteVolume> volumes = RegistrySerdes.valueSerde(config.schemaRegistry());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(
                        config.topics().shipments(),
                        Consumed.with(Serdes.String(), shipments)
                                .withTimestampExtractor(new EventTimeExtractor()))
                .filter((id, s) -> s != null && catalogue.commodityOf(s.getHsCode()).isPresent())
                .groupBy(
                        (id, s) ->
                                RouteKey.of(catalogue.commodityOf(s.getHsCode()).orElseThrow(), s)
                                        .asString(),
                        Grouped.with("textbook-by-route", Serdes.String(), shipments))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofDays(1), config.windowGrace()))
                .aggregate(
                        () -> RouteTotals.EMPTY,
                        (route, s, totals) -> totals.plus(RouteTotals.of(s)),
                        Materialized.with(Serdes.String(), RouteTotals.serde()))
                .toStream()
                .map(
                        (window, totals) ->
                                KeyValue.pair(
                                        window.key(),
                                        RouteVolumeAggregator.toRouteVolume(
                                                RouteKey.parse(window.key()),
                                                Instant.ofEpochMilli(window.window().start())
                                                        .atZone(ZoneOffset.UTC)
                                                        .toLocalDate(),
                                                totals)))
                .to(config.topics().routeVolumes(), Produced.with(Serdes.String(), volumes));
        return builder.build();
    }
}

package io.lodestone.wiring;

import io.lodestone.alerts.AlertSink;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.reference.ReferenceData;
import io.lodestone.routes.RouteVolumeAggregator;
import io.lodestone.schemas.topics.Topics;
import org.apache.kafka.streams.StreamsBuilder;

import java.time.Duration;

/**
 * What every part of the topology is built with: the builder, the configuration, the reference data, the serdes
 * and where alerts go. Each part's {@code build(Wiring, ...)} takes its settings from here, so its signature names
 * only the streams it joins.
 */
public record Wiring(StreamsBuilder builder, LodestoneConfig config, ReferenceData reference, AvroSerdes serdes, AlertSink alerts) {

    public Topics topics() {
        return config.topics();
    }

    /**
     * How far behind its input partition's stream time a shipment may be and still count: its day's window plus the
     * grace. The lateness filter drops what is later; the chain judge keeps legs that long.
     */
    public Duration lateness() {
        return RouteVolumeAggregator.WINDOW.plus(config.windowGrace());
    }
}

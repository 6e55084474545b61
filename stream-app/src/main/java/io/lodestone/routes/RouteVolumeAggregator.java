package io.lodestone.routes;

import io.lodestone.avro.RouteVolume;
import io.lodestone.avro.Shipment;
import io.lodestone.ingest.Accepted;
import io.lodestone.ingest.Retraction;
import io.lodestone.reference.ReferenceData;
import io.lodestone.watermark.Upstream;
import io.lodestone.watermark.WatermarkTracker;
import io.lodestone.watermark.Watermarked;
import io.lodestone.watermark.Watermarks;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Net weight, value and count per route (commodity × origin × export × import) and UTC day. Late
 * shipments were already dropped per input partition ({@link
 * io.lodestone.ingest.LateShipmentFilter}); after the repartition by route, records of different
 * input partitions interleave in any order (in a replay, one partition may be a year ahead of
 * another), so a day stays updatable until the watermark of all input partitions is {@code
 * retention} past it, not the task's own stream time. The totals are a Kafka Streams aggregate with
 * its record cache: {@code route-volumes} gets the newest total of each route-day changed since the
 * last commit, written in that commit's transaction, not one record per shipment (the newest record
 * per route and windowStart is the current total). The monthly judges read the same store, through
 * the cache, in the same task, so they never see less than what has been counted.
 */
public final class RouteVolumeAggregator {

    /** Route-day totals, keyed by {@link RouteDayKey} so one route's days are a key range. */
    public static final String STORE = "route-totals";

    public static final Duration WINDOW = Duration.ofDays(1);
    static final String WATERMARKS = "route-totals-watermarks";

    /** The least wall-clock time between two scans for expired days. */
    static final Duration EXPIRY_GAP = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(RouteVolumeAggregator.class);

    private RouteVolumeAggregator() {}

    /**
     * Repartitions {@code shipments} by route (with the input partitions' watermarks), sums them
     * per route-day into {@code routeVolumes}, and returns what was counted (keyed by route-day,
     * after the count) and this stage's watermarks, for the judges reading {@link #STORE}.
     */
    public static Upstream<Watermarked<RouteTotals>> build(
            StreamsBuilder builder,
            Upstream<Accepted> shipments,
            ReferenceData reference,
            RouteVolumeSettings settings,
            String routeVolumes,
            Serde<RouteVolume> routeVolumeSerde) {
        Duration retention = settings.retention();
        builder.addStateStore(WatermarkTracker.store(WATERMARKS));
        // Keyed by route-day, partitioned by the route alone: a route's days meet in one task,
        // where its judge reads them.
        Upstream<Watermarked<RouteTotals>> byRoute =
                Watermarks.repartition(
                        new Upstream<>(
                                shipments.stream()
                                        .flatMap(
                                                (id, accepted) ->
                                                        routeDayShares(reference, accepted),
                                                Named.as("key-by-route-day")),
                                shipments.tasks()),
                        "by-route",
                        RouteTotals.serde(),
                        RouteDayKey::routeOf,
                        settings.idleTimeout());
        KStream<String, Watermarked<RouteTotals>> counted =
                byRoute.stream()
                        .processValues(
                                () -> new WatermarkGate(retention, byRoute.tasks()),
                                Named.as("route-day-watermark"),
                                WATERMARKS);
        counted.flatMapValues(Watermarked::values, Named.as("route-day-shipments"))
                .groupByKey(Grouped.with("route-days", Serdes.String(), RouteTotals.serde()))
                .aggregate(
                        () -> RouteTotals.EMPTY,
                        (key, shipment, totals) -> totals.plus(shipment),
                        Named.as("sum-route-volumes"),
                        Materialized.<String, RouteTotals, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(RouteTotals.serde())
                                .withCachingEnabled())
                .toStream(Named.as("route-volume-updates"))
                // expired days are deleted from the store (below), not from the topic: their
                // tombstones stop here
                .filter((key, totals) -> totals != null, Named.as("route-volume-totals"))
                .map(
                        (key, totals) -> {
                            RouteDayKey routeDay = RouteDayKey.parse(key);
                            return KeyValue.pair(
                                    routeDay.route(),
                                    toRouteVolume(
                                            RouteKey.parse(routeDay.route()),
                                            routeDay.day(),
                                            totals));
                        },
                        Named.as("route-volume-records"))
                .to(routeVolumes, Produced.with(Serdes.String(), routeVolumeSerde));
        // the judges get the counted records too: one in a month already judged revises it
        KStream<String, Watermarked<RouteTotals>> countedAndMarks =
                counted.processValues(
                        () -> new Expiry(retention), Named.as("expire-route-days"), STORE);
        return new Upstream<>(countedAndMarks, byRoute.tasks());
    }

    /**
     * Follows the combined watermark of the upstream tasks, forwarding this task's own mark
     * whenever it moves, and drops a shipment whose day is already past the retention (it would
     * recreate a day the store has expired).
     */
    private static final class WatermarkGate
            implements FixedKeyProcessor<
                    String, Watermarked<RouteTotals>, Watermarked<RouteTotals>> {

        private final Duration retention;
        private final int inputPartitions;
        private FixedKeyProcessorContext<String, Watermarked<RouteTotals>> context;
        private WatermarkTracker watermark;
        private long watermarkTime = Long.MIN_VALUE;

        WatermarkGate(Duration retention, int inputPartitions) {
            this.retention = retention;
            this.inputPartitions = inputPartitions;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Watermarked<RouteTotals>> context) {
            this.context = context;
            this.watermark =
                    new WatermarkTracker(context.getStateStore(WATERMARKS), inputPartitions);
            this.watermarkTime = watermark.current().orElse(Long.MIN_VALUE);
        }

        @Override
        public void process(FixedKeyRecord<String, Watermarked<RouteTotals>> record) {
            if (record.value() instanceof Watermarked.Mark<RouteTotals> mark) {
                watermark
                        .advance(mark)
                        .ifPresent(
                                time -> {
                                    watermarkTime = time;
                                    Watermarked<RouteTotals> own =
                                            new Watermarked.Mark<>(
                                                    context.taskId().partition(), time, false);
                                    context.forward(record.withValue(own).withTimestamp(time));
                                });
                return;
            }
            LocalDate day = RouteDayKey.parse(record.key()).day();
            if (watermarkTime != Long.MIN_VALUE
                    && day.isBefore(day(watermarkTime).minusDays(retention.toDays()))) {
                log.warn(
                        "not counting a shipment of {}: its day is more than {} before the"
                            + " watermark {} (an input partition idle that long came back with old"
                            + " data)",
                        record.key(),
                        retention,
                        Instant.ofEpochMilli(watermarkTime));
                return;
            }
            context.forward(record);
        }
    }

    /**
     * Passes everything on; on a mark, drops days more than the retention before the watermark: a
     * scan of the store, once a month of watermark but at most once per {@link #EXPIRY_GAP} of wall
     * clock (a replay crosses months per second; the gate already refuses what expired). A day a
     * scan finds expired is deleted by the next scan, not at once: its last total may still wait in
     * the record cache for the commit that writes it to {@code route-volumes}, and a delete would
     * replace it there with a tombstone, so the total would never be written (seen when an instance
     * took over a dead one's backlog: a day updated and expired within one commit). The next scan
     * comes at least {@link #EXPIRY_GAP} and two commit intervals later, so a commit has written
     * the total by then; an expired day is never updated again (the gate refuses it).
     */
    private static final class Expiry
            implements FixedKeyProcessor<
                    String, Watermarked<RouteTotals>, Watermarked<RouteTotals>> {

        private final Duration retention;
        private FixedKeyProcessorContext<String, Watermarked<RouteTotals>> context;
        private TimestampedKeyValueStore<String, RouteTotals> totals;
        private long gapMs;
        private YearMonth expiredIn;
        private long expiredAtWallClockMs;
        private List<String> dueForDeletion = List.of();

        Expiry(Duration retention) {
            this.retention = retention;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Watermarked<RouteTotals>> context) {
            this.context = context;
            this.totals = context.getStateStore(STORE);
            Object commitInterval =
                    context.appConfigs().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
            long commitMs =
                    commitInterval == null ? 0 : Long.parseLong(String.valueOf(commitInterval));
            this.gapMs = Math.max(EXPIRY_GAP.toMillis(), 2 * commitMs);
        }

        @Override
        public void process(FixedKeyRecord<String, Watermarked<RouteTotals>> record) {
            if (!(record.value() instanceof Watermarked.Mark<RouteTotals> mark)) {
                context.forward(record);
                return;
            }
            long time = mark.time();
            long now = context.currentSystemTimeMs();
            YearMonth month = YearMonth.from(day(time));
            if (expiredIn == null
                    || (month.isAfter(expiredIn) && now - expiredAtWallClockMs >= gapMs)) {
                expiredIn = month;
                expiredAtWallClockMs = now;
                dueForDeletion.forEach(totals::delete);
                dueForDeletion = expiredBefore(day(time).minusDays(retention.toDays()));
            }
            context.forward(record);
        }

        private List<String> expiredBefore(LocalDate cutoff) {
            List<String> expired = new ArrayList<>();
            try (KeyValueIterator<String, ValueAndTimestamp<RouteTotals>> all = totals.all()) {
                all.forEachRemaining(
                        kv -> {
                            if (RouteDayKey.parse(kv.key).day().isBefore(cutoff)) {
                                expired.add(kv.key);
                            }
                        });
            }
            return expired;
        }
    }

    /**
     * The validator has already rejected shipments whose HS code is neither the catalogue's nor a
     * watch code.
     */
    /**
     * What an accepted declaration changes, keyed by route-day: what the revision it amends had
     * counted taken back, then its own share.
     */
    private static List<KeyValue<String, RouteTotals>> routeDayShares(
            ReferenceData reference, Accepted accepted) {
        Shipment s = accepted.shipment();
        KeyValue<String, RouteTotals> share =
                KeyValue.pair(
                        routeDay(
                                reference,
                                s.getHsCode(),
                                s.getOriginCountry(),
                                s.getExportCountry(),
                                s.getImportCountry(),
                                s.getEventTime()),
                        RouteTotals.of(s));
        Retraction r = accepted.replaces();
        if (r == null) {
            return List.of(share);
        }
        return List.of(
                KeyValue.pair(
                        routeDay(
                                reference,
                                r.hsCode(),
                                r.originCountry(),
                                r.exportCountry(),
                                r.importCountry(),
                                r.eventTime()),
                        RouteTotals.retracted(r.netWeightKg(), r.valueUsd())),
                share);
    }

    private static String routeDay(
            ReferenceData reference,
            String hsCode,
            String origin,
            String export,
            String importCountry,
            Instant time) {
        return new RouteDayKey(
                        new RouteKey(reference.routeLabel(hsCode), origin, export, importCountry)
                                .asString(),
                        day(time.toEpochMilli()))
                .encoded();
    }

    private static LocalDate day(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** A route's totals of one UTC day as the contract's record. */
    public static RouteVolume toRouteVolume(RouteKey route, LocalDate day, RouteTotals totals) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        return RouteVolume.newBuilder()
                .setCommodity(route.commodity())
                .setOriginCountry(route.originCountry())
                .setExportCountry(route.exportCountry())
                .setImportCountry(route.importCountry())
                .setWindowStart(start)
                .setWindowEnd(start.plus(WINDOW))
                .setNetWeightKg(totals.netWeightKg())
                .setValueUsd(totals.valueUsd())
                .setShipmentCount(totals.shipmentCount())
                .build();
    }
}

package io.lodestone.ingest;

import static io.lodestone.testing.Shipments.shipment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.avro.Shipment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The de-duplication alone, under TopologyTestDriver (its wall clock is the driver's): what passes,
 * what the store keeps.
 */
class ShipmentDeduplicatorTest {

    private static final Duration RETENTION = Duration.ofDays(2);
    private static final Duration GRACE = Duration.ofDays(1);
    private static final Instant T0 = Instant.parse("2025-01-10T00:00:00Z");

    /** What each passed record's amendment took back (null: it amended nothing), in order. */
    private final List<Retraction> retracted = new ArrayList<>();

    @TempDir Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Shipment> in;
    private TestOutputTopic<String, Shipment> out;
    private KeyValueStore<String, FirstCopy> store;

    /** Each id's content: a copy sent again is the same declaration, arriving later. */
    private final Map<String, Shipment> declared = new HashMap<>();

    @BeforeEach
    void start() {
        Serde<Shipment> serde =
                Serdes.serdeFrom((topic, s) -> bytes(s), (topic, b) -> shipmentOf(b));
        StreamsBuilder builder = new StreamsBuilder();
        ShipmentDeduplicator.build(
                        builder,
                        builder.stream("in", Consumed.with(Serdes.String(), serde)),
                        RETENTION,
                        Duration.ofDays(1),
                        GRACE)
                .mapValues(
                        accepted -> {
                            retracted.add(accepted.replaces());
                            return accepted.shipment();
                        })
                .to("out", Produced.with(Serdes.String(), serde));
        Properties settings = new Properties();
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedup-test");
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver =
                new TopologyTestDriver(
                        builder.build(), settings, Instant.parse("2026-01-01T00:00:00Z"));
        in = driver.createInputTopic("in", Serdes.String().serializer(), serde.serializer());
        out = driver.createOutputTopic("out", Serdes.String().deserializer(), serde.deserializer());
        store = driver.getKeyValueStore(ShipmentDeduplicator.STORE);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** Declares {@code id} at {@code afterT0}, or sends its first declaration again. */
    private void send(String id, Duration afterT0) {
        Instant at = T0.plus(afterT0);
        Shipment shipment =
                declared.computeIfAbsent(
                        id,
                        first ->
                                shipment(
                                                first,
                                                at.toString(),
                                                "28258000",
                                                "CN",
                                                "CN",
                                                "TH",
                                                1000,
                                                5000.0)
                                        .build());
        // a copy's record time is its event time (as the extractor gives it); others move stream
        // time on
        in.pipeInput(id, shipment, shipment.getEventTime());
    }

    private List<String> passed() {
        return out.readRecordsToList().stream().map(r -> r.key()).toList();
    }

    private List<String> stored() {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, FirstCopy> all = store.all()) {
            all.forEachRemaining((KeyValue<String, FirstCopy> kv) -> ids.add(kv.key));
        }
        return ids;
    }

    @Test
    void aReSentIdIsDroppedUpToTheRetentionOfStreamTimeAndPassesAfterIt() {
        send("A", Duration.ZERO);
        send("A", Duration.ofHours(1));
        send("B", RETENTION);
        send("A", RETENTION); // first seen exactly the retention ago: still remembered
        send("C", RETENTION.plusMillis(1));
        send("A", RETENTION.plusMillis(1)); // now past it: a new declaration

        assertThat(passed()).containsExactly("A", "B", "C", "A");
    }

    @Test
    void whatIsDroppedDoesNotDependOnWhenTheStorePurges() {
        send("A", Duration.ZERO); // the first record runs the first purge (of nothing)
        driver.advanceWallClockTime(ShipmentDeduplicator.PURGE_GAP);
        send("Z", Duration.ofDays(10)); // a purge: A is past the retention
        assertThat(stored()).containsExactly("Z");

        send("B", Duration.ofDays(10).plusHours(1));
        send(
                "Y",
                Duration.ofDays(20)); // stream time moves on, but the wall clock has not: no purge
        assertThat(stored()).containsExactly("B", "Y", "Z");
        send("B", Duration.ofDays(20)); // still stored, but past the retention: passes
        send("Y", Duration.ofDays(20)); // stored and within it: dropped

        driver.advanceWallClockTime(ShipmentDeduplicator.PURGE_GAP);
        send("D", Duration.ofDays(30)); // a purge again: only D is within the retention
        assertThat(stored()).containsExactly("D");
        assertThat(passed()).containsExactly("A", "Z", "B", "Y", "B", "D");
    }

    @Test
    void aCopyWithOtherContentIsRefusedNamingTheFieldsThatDifferAndTheFirstStands() {
        send("A", Duration.ZERO);
        Shipment other =
                Shipment.newBuilder(declared.get("A"))
                        .setNetWeightKg(9000)
                        .setLicenseId("LIC-9")
                        .build();

        assertThatThrownBy(() -> in.pipeInput("A", other, T0))
                .rootCause()
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage(
                        "CONFLICTING_DUPLICATE: shipment A was declared before (offset 0 of"
                                + " partition 0) with other content; this copy differs in"
                                + " netWeightKg=9000.0, licenseId=LIC-9. The first declaration"
                                + " stands; an amendment needs a higher revision (2)");
        send("A", Duration.ofHours(1)); // the first content again: a plain re-send
        assertThat(passed()).containsExactly("A");
        assertThat(stored()).containsExactly("A");
    }

    @Test
    void aHigherRevisionPassesWithWhatItReplacesAndALowerOneIsRefused() {
        send("A", Duration.ZERO);
        Shipment first = declared.get("A");
        Shipment amended =
                Shipment.newBuilder(first)
                        .setRevision(2)
                        .setNetWeightKg(1500)
                        .setImportCountry("MY")
                        .build();
        in.pipeInput("A", amended, T0.plusSeconds(60));
        assertThat(passed()).containsExactly("A", "A");
        assertThat(retracted)
                .containsExactly(
                        null, new Retraction(T0, "28258000", "CN", "CN", "TH", 1000, 5000.0));

        assertThatThrownBy(() -> in.pipeInput("A", first, T0.plusSeconds(120)))
                .rootCause()
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage(
                        "SUPERSEDED_REVISION: shipment A revision 1 came after revision 2 (offset 1"
                                + " of partition 0) replaced it; revision 2 stands");
        in.pipeInput("A", amended, T0.plusSeconds(180)); // the amendment re-sent
        assertThatThrownBy(
                        () ->
                                in.pipeInput(
                                        "A",
                                        Shipment.newBuilder(amended).setNetWeightKg(1).build(),
                                        T0.plusSeconds(240)))
                .rootCause()
                .hasMessageContaining("differs in netWeightKg=1.0")
                .hasMessageEndingWith("an amendment needs a higher revision (3)");
        assertThat(passed()).isEmpty();
        assertThat(FirstCopy.revisionOf(amended)).isEqualTo(2);
        assertThat(store.get("A").revision()).isEqualTo(2);
    }

    @Test
    void anAmendmentOfADayThatCanNoLongerChangeIsTooLateAndTheRevisionBeforeStands() {
        send("A", Duration.ofHours(12));
        // A's day closed (its end + a day's grace), A still remembered (a retention of 2 days)
        send("B", Duration.ofDays(2).plusHours(1));
        Shipment amended = Shipment.newBuilder(declared.get("A")).setRevision(2).build();
        assertThatThrownBy(() -> in.pipeInput("A", amended, T0.plus(Duration.ofDays(2))))
                .rootCause()
                .hasMessageStartingWith(
                        "TOO_LATE: amendment (revision 2) of shipment A: the revision 1 it"
                                + " replaces, of 2025-01-10T12:00:00Z arrived PT1H after its day's"
                                + " window [2025-01-10T00:00:00Z, 2025-01-11T00:00:00Z) closed")
                .hasMessageEndingWith("; that revision stands");
        assertThat(passed()).containsExactly("A", "B");
        assertThat(store.get("A").revision()).isEqualTo(1);
    }

    private static byte[] bytes(Shipment s) {
        try {
            ByteBuffer buffer = s.toByteBuffer();
            byte[] b = new byte[buffer.remaining()];
            buffer.get(b);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Shipment shipmentOf(byte[] b) {
        try {
            return Shipment.fromByteBuffer(ByteBuffer.wrap(b));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

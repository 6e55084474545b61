package io.lodestone.rerouting;

import static io.lodestone.testing.Shipments.shipment;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Alert;
import io.lodestone.reference.ReferenceData;
import io.lodestone.state.ShipmentFacts;
import io.lodestone.testing.ProcessorStores;
import io.lodestone.watermark.Watermarked;
import io.lodestone.watermark.WatermarkedSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transshipment chain judge as a processor (MockProcessorContext, its stores in memory): an
 * outbound leg waits until the watermark of both upstream tasks is its lateness past it, is judged
 * against the inbound legs of the window then, once, and leaves the store; inbound legs older than
 * the window leave it as the watermark passes a month.
 */
class TransshipmentChainDetectorProcessorTest {

    private static final Duration LATENESS = Duration.ofDays(3);
    private static final ChainSettings SETTINGS =
            new ChainSettings(Duration.ofDays(90), 0.25, LATENESS, LATENESS, Duration.ofMinutes(1));
    private static final String CHAIN = ChainKeys.chain("antimony", "TH", "SIAM ANTIMONY");

    private final MockProcessorContext<String, Alert> context = new MockProcessorContext<>();
    private KeyValueStore<String, ShipmentFacts> inbound;
    private KeyValueStore<String, ShipmentFacts> outbound;
    private KeyValueStore<String, JudgedOutbound> judged;
    private TransshipmentChainDetector judge;

    @BeforeEach
    void start() {
        inbound =
                ProcessorStores.keyValue(
                        context,
                        TransshipmentChainDetector.INBOUND_STORE,
                        Serdes.String(),
                        ShipmentFacts.serde());
        outbound =
                ProcessorStores.keyValue(
                        context,
                        TransshipmentChainDetector.OUTBOUND_STORE,
                        Serdes.String(),
                        ShipmentFacts.serde());
        judged =
                ProcessorStores.keyValue(
                        context,
                        TransshipmentChainDetector.JUDGED_STORE,
                        Serdes.String(),
                        JudgedOutbound.serde());
        ProcessorStores.keyValue(
                context,
                TransshipmentChainDetector.WATERMARKS,
                Serdes.Integer(),
                WatermarkedSerde.of(Serdes.Void()));
        judge = started(SETTINGS);
    }

    private TransshipmentChainDetector started(ChainSettings settings) {
        TransshipmentChainDetector started =
                new TransshipmentChainDetector(ReferenceData.bundled(), settings, 2);
        started.init(context);
        return started;
    }

    private void leg(String id, String time, String origin, String export, String importer) {
        leg(id, time, origin, export, importer, 20_000);
    }

    private void leg(
            String id, String time, String origin, String export, String importer, double kg) {
        ShipmentFacts facts =
                ShipmentFacts.of(
                        shipment(id, time, "28258000", origin, export, importer, kg, 1.0)
                                .setConsigneeName("Siam Antimony Trading Co., Ltd.")
                                .setExporterName("Siam Antimony Trading Co., Ltd.")
                                .build());
        context.resetForwards();
        judge.process(new Record<>(CHAIN, Watermarked.data(facts), facts.time()));
    }

    /** What the last leg sent, as "alert id: inbound leg rN" (and " WITHDRAWN" when it is). */
    private List<String> sent() {
        return context.forwarded().stream()
                .<Alert>map(f -> f.record().value())
                .map(
                        a ->
                                a.getAlertId()
                                        + ": "
                                        + a.getShipmentIds().get(0)
                                        + " r"
                                        + a.getDetails().get("revision")
                                        + (a.getDetails().containsKey("status")
                                                ? " " + a.getDetails().get("status")
                                                : ""))
                .toList();
    }

    /** The alerts marks at {@code time} from both upstream tasks make. */
    private List<Alert> watermark(String time) {
        long at = Instant.parse(time).toEpochMilli();
        context.resetForwards();
        for (int task = 0; task < 2; task++) {
            judge.process(new Record<>("~watermark", new Watermarked.Mark<>(task, at, false), at));
        }
        return context.forwarded().stream().<Alert>map(f -> f.record().value()).toList();
    }

    @Test
    void anOutboundLegIsJudgedOnceItsLatenessIsPastAndOnlyOnce() {
        leg("IN-1", "2025-01-10T08:00:00Z", "CN", "CN", "TH");
        leg("OUT-1", "2025-02-01T08:00:00Z", "TH", "TH", "US");
        assertThat(outbound.approximateNumEntries()).isEqualTo(1);

        judge.process(
                new Record<>(
                        "~watermark",
                        new Watermarked.Mark<>(
                                0, Instant.parse("2025-03-01T00:00:00Z").toEpochMilli(), false),
                        0));
        assertThat(context.forwarded()).as("one upstream task has not spoken").isEmpty();
        assertThat(watermark("2025-02-04T07:59:59Z"))
                .as("an earlier inbound leg may still come")
                .isEmpty();

        List<Alert> alerts = watermark("2025-02-04T08:00:00Z");
        assertThat(alerts)
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getAlertId()).isEqualTo("TRANSSHIPMENT_CHAIN:OUT-1");
                            assertThat(a.getShipmentIds()).containsExactly("IN-1", "OUT-1");
                        });
        assertThat(outbound.approximateNumEntries()).isZero();
        assertThat(watermark("2025-02-10T00:00:00Z")).isEmpty();
    }

    @Test
    void inboundLegsOlderThanTheWindowAndTheLatenessLeaveTheStore() {
        leg("IN-OLD", "2025-01-10T08:00:00Z", "CN", "CN", "TH");
        leg("IN-NEW", "2025-03-20T08:00:00Z", "CN", "CN", "TH");
        watermark("2025-04-01T00:00:00Z");
        assertThat(inbound.approximateNumEntries()).isEqualTo(2);
        watermark("2025-05-01T00:00:00Z"); // a new month: legs before 1 May − 3 d − 90 d go
        assertThat(inbound.approximateNumEntries()).isEqualTo(1);
        assertThat(watermark("2025-05-02T00:00:00Z")).isEmpty();
    }

    @Test
    void anInboundLegThatComesLateReportsTheChainsItNowStarts() {
        // window.grace P120D, rerouting.judge.delay P7D: judged 8 days after, final after 121
        judge =
                started(
                        new ChainSettings(
                                Duration.ofDays(90),
                                0.25,
                                Duration.ofDays(121),
                                Duration.ofDays(8),
                                Duration.ofMinutes(1)));
        leg("OUT-1", "2025-02-01T08:00:00Z", "TH", "TH", "US");
        assertThat(watermark("2025-02-09T08:00:00Z")).as("judged: no inbound leg").isEmpty();
        assertThat(judged.approximateNumEntries()).as("kept: one may still come").isEqualTo(1);

        leg("IN-2", "2025-01-20T08:00:00Z", "CN", "CN", "TH");
        assertThat(sent()).containsExactly("TRANSSHIPMENT_CHAIN:OUT-1: IN-2 r1");
        leg("IN-3", "2025-01-25T08:00:00Z", "CN", "CN", "TH");
        assertThat(sent()).as("not the earliest match: nothing changes").isEmpty();
        leg("IN-1", "2025-01-10T08:00:00Z", "CN", "CN", "TH");
        assertThat(sent())
                .as("the earliest match now: the chain's next revision")
                .containsExactly("TRANSSHIPMENT_CHAIN:OUT-1: IN-1 r2");

        leg("OUT-2", "2025-01-30T08:00:00Z", "TH", "TH", "US");
        assertThat(sent())
                .as("an outbound leg that comes after its time to be judged is judged at once")
                .containsExactly("TRANSSHIPMENT_CHAIN:OUT-2: IN-1 r1");

        watermark("2025-06-03T00:00:00Z"); // a new month: legs 121 days behind are final
        assertThat(judged.approximateNumEntries()).isZero();
    }

    @Test
    void anAmendedLegAlreadyJudgedRevisesItsChainOrWithdrawsIt() {
        judge =
                started(
                        new ChainSettings(
                                Duration.ofDays(90),
                                0.25,
                                Duration.ofDays(121),
                                Duration.ofDays(8),
                                Duration.ofMinutes(1)));
        leg("IN-1", "2025-01-10T08:00:00Z", "CN", "CN", "TH");
        leg("OUT-1", "2025-02-01T08:00:00Z", "TH", "TH", "US");
        assertThat(watermark("2025-02-09T08:00:00Z")).hasSize(1);

        leg("OUT-1", "2025-02-01T08:00:00Z", "TH", "TH", "US", 22_000);
        assertThat(sent())
                .as("the outbound leg amended, still within the tolerance")
                .containsExactly("TRANSSHIPMENT_CHAIN:OUT-1: IN-1 r2");
        leg("OUT-1", "2025-02-01T08:00:00Z", "TH", "TH", "US", 22_000);
        assertThat(sent()).as("the same amendment again").isEmpty();
        leg("IN-1", "2025-01-10T08:00:00Z", "CN", "CN", "TH", 40_000);
        assertThat(sent())
                .as("the inbound leg amended to twice the outbound: no chain")
                .containsExactly("TRANSSHIPMENT_CHAIN:OUT-1: IN-1 r3 WITHDRAWN");
        leg("IN-1", "2025-01-10T08:00:00Z", "CN", "CN", "TH", 21_000);
        assertThat(sent())
                .as("amended back: found again")
                .containsExactly("TRANSSHIPMENT_CHAIN:OUT-1: IN-1 r4");
    }
}

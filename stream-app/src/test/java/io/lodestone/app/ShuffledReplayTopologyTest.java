package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.alerts.AlertContent;
import io.lodestone.avro.Alert;
import io.lodestone.avro.License;
import io.lodestone.avro.RouteVolume;
import io.lodestone.avro.Shipment;
import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.RejectedRecordException;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.testing.DriverRun;
import io.lodestone.testing.DriverRun.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's two years of declarations arriving as customs feeds deliver them, through the whole
 * topology (TopologyTestDriver, one partition): each declaration filed up to 90 days after the
 * goods moved, in filing order, one in twenty sent twice, one in a hundred amended (a second
 * revision with another weight, filed on its own), and each licence revision up to 60 days after it
 * took effect (so after shipments it covers). With the defaults, {@code window.grace} and {@code
 * license.revision.window} P120D, the run ends in the route volumes and the alerts of the run in
 * event-time order: what was judged on partial data is revised or withdrawn.
 */
class ShuffledReplayTopologyTest {

    private static final Path SAMPLE =
            LocalInfra.findProjectHome().resolve("producers/sample-data");

    /** The defaults: window.grace P120D. */
    private static final Map<String, String> DEFAULTS = Map.of();

    private static final Duration MOST_LATE = Duration.ofDays(90);

    private static final Duration LICENCE_MOST_LATE = Duration.ofDays(60);

    @TempDir Path ordered;
    @TempDir Path shuffled;

    private static List<SpecificRecord> records(String file) throws IOException {
        List<SpecificRecord> records = new ArrayList<>();
        EventKind kind = file.startsWith("licen") ? EventKind.LICENSES : EventKind.SHIPMENTS;
        for (String line : Files.readAllLines(SAMPLE.resolve(file))) {
            try {
                records.add(kind.parseLine(line));
            } catch (RejectedRecordException refusedAtIngest) {
                // never reaches the topic: the ingest's DLQ has it
            }
        }
        return records;
    }

    private static Instant eventTime(SpecificRecord record) {
        return record instanceof Shipment s ? s.getEventTime() : ((License) record).getEventTime();
    }

    /**
     * {@code shipments} with an amendment after one in a hundred: revision 2 of the declaration,
     * its net weight corrected by up to a half either way.
     */
    private static List<SpecificRecord> withAmendments(List<SpecificRecord> shipments, long seed) {
        Random random = new Random(seed);
        List<SpecificRecord> amended = new ArrayList<>();
        for (SpecificRecord record : shipments) {
            amended.add(record);
            if (random.nextInt(100) == 0) {
                Shipment s = (Shipment) record;
                amended.add(
                        Shipment.newBuilder(s)
                                .setRevision(2)
                                .setNetWeightKg(
                                        Math.round(s.getNetWeightKg() * (0.5 + random.nextDouble()))
                                                + 1.0)
                                .build());
            }
        }
        return amended;
    }

    /** Every record at its event time (an amendment after what it amends). */
    private static List<SpecificRecord> inEventTimeOrder(List<SpecificRecord> records) {
        List<SpecificRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing(ShuffledReplayTopologyTest::eventTime));
        return sorted;
    }

    /**
     * Licence revisions up to {@link #LICENCE_MOST_LATE} after their event time; shipments filed up
     * to {@link #MOST_LATE} after theirs, one in 20 filed twice.
     */
    private static List<SpecificRecord> filedLate(List<SpecificRecord> records, long seed) {
        Random random = new Random(seed);
        record Filing(Instant at, SpecificRecord record) {}
        List<Filing> filings = new ArrayList<>();
        for (SpecificRecord record : records) {
            if (record instanceof License) {
                long lateMs = (long) (random.nextDouble() * LICENCE_MOST_LATE.toMillis());
                filings.add(new Filing(eventTime(record).plusMillis(lateMs), record));
                continue;
            }
            int copies = random.nextInt(20) == 0 ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                long lateMs = (long) (random.nextDouble() * MOST_LATE.toMillis());
                filings.add(new Filing(eventTime(record).plusMillis(lateMs), record));
            }
        }
        filings.sort(Comparator.comparing(Filing::at));
        return filings.stream().map(Filing::record).toList();
    }

    @Test
    void declarationsAndLicencesFiledLateEndInTheOrderedRunsVolumesAndAlerts() throws Exception {
        List<SpecificRecord> licences = records("licenses.jsonl");
        List<SpecificRecord> shipments = records("shipments.jsonl");

        List<SpecificRecord> all = new ArrayList<>(licences);
        all.addAll(withAmendments(shipments, 5));
        // TopologyTestDriver runs every sub-topology in one task, with one stream time: licences
        // read all first would make the shipments late, so the ordered run has them at their time
        Outcome expected = DriverRun.run(ordered, DEFAULTS, inEventTimeOrder(all));
        List<SpecificRecord> filed = filedLate(all, 42);
        Outcome actual = DriverRun.run(shuffled, DEFAULTS, filed);

        assertThat(byType(expected.standing()))
                .as("the sample's findings")
                .containsEntry("TRANSSHIPMENT_CHAIN", 192L)
                .containsEntry("VOLUME_SURGE", 5L)
                .containsEntry("VOLUME_COLLAPSE", 5L)
                .containsEntry("REROUTING_SUSPECTED", 1L)
                .containsEntry("LICENSE_QUOTA_EXCEEDED", 4L);
        assertThat(
                        differences(
                                withoutQuotas(actual),
                                withoutQuotas(expected),
                                AlertContent::same,
                                Alert::getSummary))
                .as("alerts that stand: late filing against event-time order")
                .isEmpty();
        // Known limit: a quota alert names the shipment that crossed the limit in the order the
        // shipments came, so filed late it may name another (here all four do): the same licences
        // pass their limits, once each.
        assertThat(quotaLicences(actual)).isEqualTo(quotaLicences(expected)).hasSize(4);
        assertThat(
                        differences(
                                actual.volumes(),
                                expected.volumes(),
                                RouteVolume::equals,
                                String::valueOf))
                .as("route-day totals, to the last bit")
                .isEmpty();
        List<String> superseded = supersededOnArrival(filed);
        assertThat(superseded).as("amendments filed before what they amend").hasSize(14);
        TreeSet<String> refused = new TreeSet<>(expected.deadLetters());
        superseded.forEach(id -> refused.add(id + " SUPERSEDED_REVISION"));
        assertThat(new TreeSet<>(actual.deadLetters()))
                .as(
                        "the same records refused (a re-sent invalid one refused again), and each"
                                + " first filing that came after its amendment")
                .isEqualTo(refused);
        assertThat(byType(withdrawn(actual)))
                .as(
                        "withdrawn on the way: criticals of shipments judged before their licence"
                                + " came, collapses of months judged before their late shipments")
                .isEqualTo(Map.of("UNLICENSED_EXPORT", 28L, "VOLUME_COLLAPSE", 14L));
        assertThat(withdrawn(expected)).as("nothing withdrawn in event-time order").isEmpty();
    }

    /** The shipments whose revision 1 arrives after their revision 2. */
    private static List<String> supersededOnArrival(List<SpecificRecord> arrivals) {
        Map<String, Integer> newest = new TreeMap<>();
        List<String> superseded = new ArrayList<>();
        for (SpecificRecord record : arrivals) {
            if (record instanceof Shipment s) {
                int revision = s.getRevision() == null ? 1 : s.getRevision();
                Integer before = newest.get(s.getShipmentId());
                if (before != null && revision < before) {
                    superseded.add(s.getShipmentId());
                } else {
                    newest.put(s.getShipmentId(), revision);
                }
            }
        }
        return superseded;
    }

    private static Map<String, Alert> withoutQuotas(Outcome outcome) {
        Map<String, Alert> alerts = new TreeMap<>(outcome.standing());
        alerts.values().removeIf(a -> a.getType().equals("LICENSE_QUOTA_EXCEEDED"));
        return alerts;
    }

    private static Map<String, Alert> withdrawn(Outcome outcome) {
        Map<String, Alert> withdrawn = new TreeMap<>(outcome.alerts());
        withdrawn.keySet().removeAll(outcome.standing().keySet());
        return withdrawn;
    }

    private static List<String> quotaLicences(Outcome outcome) {
        return outcome.standing().values().stream()
                .filter(a -> a.getType().equals("LICENSE_QUOTA_EXCEEDED"))
                .map(Alert::getLicenseId)
                .sorted()
                .toList();
    }

    static Map<String, Long> byType(Map<String, Alert> alerts) {
        Map<String, Long> counts = new TreeMap<>();
        alerts.values().forEach(a -> counts.merge(a.getType(), 1L, Long::sum));
        return counts;
    }

    /** The keys whose values differ (or are on one side only), each with both values. */
    static <V> List<String> differences(
            Map<String, V> actual,
            Map<String, V> expected,
            BiPredicate<V, V> same,
            Function<V, String> show) {
        List<String> differences = new ArrayList<>();
        Map<String, V> all = new TreeMap<>(expected);
        all.putAll(actual);
        for (String key : all.keySet()) {
            V a = actual.get(key);
            V e = expected.get(key);
            if (a == null || e == null || !same.test(a, e)) {
                differences.add(
                        key
                                + ": "
                                + (a == null ? "missing" : show.apply(a))
                                + " | expected "
                                + (e == null ? "none" : show.apply(e)));
            }
        }
        return differences;
    }
}

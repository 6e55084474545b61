package io.lodestone.testing;

import io.lodestone.avro.License;
import io.lodestone.avro.Shipment;
import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.RejectedRecordException;
import io.lodestone.localinfra.LocalInfra;
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
import org.apache.avro.specific.SpecificRecord;

/**
 * The sample's declarations and licences as customs feeds deliver them: declarations filed up to
 * {@link #MOST_LATE} after the goods moved, one in twenty twice, one in a hundred amended (filed on
 * its own), licence revisions up to {@link #LICENCE_MOST_LATE} after they took effect; and the same
 * records in event-time order, to compare with.
 */
public final class LateFilings {

    private static final Path SAMPLE =
            LocalInfra.findProjectHome().resolve("producers/sample-data");

    public static final Duration MOST_LATE = Duration.ofDays(90);

    public static final Duration LICENCE_MOST_LATE = Duration.ofDays(60);

    private LateFilings() {}

    /** The sample's licences and its declarations with one in a hundred amended after it. */
    public static List<SpecificRecord> sample() throws IOException {
        List<SpecificRecord> all = new ArrayList<>(records("licenses.jsonl"));
        all.addAll(withAmendments(records("shipments.jsonl"), 5));
        return all;
    }

    /**
     * The two simulated years of {@link SimulatedHistory} (every scenario, the licences the
     * simulated exporters cite), with one declaration in a hundred amended after it.
     */
    public static List<SpecificRecord> simulated(Path dir) throws Exception {
        SimulatedHistory.Files history = SimulatedHistory.write(dir);
        List<SpecificRecord> all = new ArrayList<>(records(history.licences(), EventKind.LICENSES));
        all.addAll(withAmendments(records(history.shipments(), EventKind.SHIPMENTS), 5));
        return all;
    }

    private static List<SpecificRecord> records(String file) throws IOException {
        return records(
                SAMPLE.resolve(file),
                file.startsWith("licen") ? EventKind.LICENSES : EventKind.SHIPMENTS);
    }

    private static List<SpecificRecord> records(Path file, EventKind kind) throws IOException {
        List<SpecificRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
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
     * its net weight corrected by up to a half either way (and its value with it).
     */
    private static List<SpecificRecord> withAmendments(List<SpecificRecord> shipments, long seed) {
        Random random = new Random(seed);
        List<SpecificRecord> amended = new ArrayList<>();
        for (SpecificRecord record : shipments) {
            amended.add(record);
            if (random.nextInt(100) == 0) {
                Shipment s = (Shipment) record;
                double kg = Math.round(s.getNetWeightKg() * (0.5 + random.nextDouble())) + 1.0;
                // a lot weighed again is invoiced again: its unit value stays
                amended.add(
                        Shipment.newBuilder(s)
                                .setRevision(2)
                                .setNetWeightKg(kg)
                                .setValueUsd(
                                        s.getValueUsd() == null
                                                ? null
                                                : s.getValueUsd() * kg / s.getNetWeightKg())
                                .build());
            }
        }
        return amended;
    }

    /** Every record at its event time (an amendment after what it amends). */
    public static List<SpecificRecord> inEventTimeOrder(List<SpecificRecord> records) {
        List<SpecificRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing(LateFilings::eventTime));
        return sorted;
    }

    /**
     * Licence revisions up to {@link #LICENCE_MOST_LATE} after their event time; shipments filed up
     * to {@link #MOST_LATE} after theirs, one in 20 filed twice.
     */
    public static List<SpecificRecord> filedLate(List<SpecificRecord> records, long seed) {
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

    /** The shipments whose revision 1 arrives after their revision 2. */
    public static List<String> supersededOnArrival(List<SpecificRecord> arrivals) {
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
}

package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.alerts.AlertContent;
import io.lodestone.avro.Alert;
import io.lodestone.testing.DriverRun;
import io.lodestone.testing.DriverRun.Outcome;
import io.lodestone.testing.LateFilings;
import io.lodestone.testsupport.Differences;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * event-time order: what was judged on partial data is revised or withdrawn. The same holds for the
 * simulator's two years (every scenario, 12,592 records).
 */
class ShuffledReplayTopologyTest {

    /** The defaults: window.grace P120D. */
    private static final Map<String, String> DEFAULTS = Map.of();

    @TempDir Path ordered;
    @TempDir Path shuffled;

    @Test
    void declarationsAndLicencesFiledLateEndInTheOrderedRunsVolumesAndAlerts() throws Exception {
        List<SpecificRecord> all = LateFilings.sample();
        // TopologyTestDriver runs every sub-topology in one task, with one stream time: licences
        // read all first would make the shipments late, so the ordered run has them at their time
        Outcome expected = DriverRun.run(ordered, DEFAULTS, LateFilings.inEventTimeOrder(all));
        List<SpecificRecord> filed = LateFilings.filedLate(all, 42);
        Outcome actual = DriverRun.run(shuffled, DEFAULTS, filed);

        assertThat(byType(expected.standing()))
                .as("the sample's findings")
                .containsEntry("TRANSSHIPMENT_CHAIN", 192L)
                .containsEntry("VOLUME_SURGE", 1L)
                .containsEntry("VOLUME_COLLAPSE", 3L)
                .containsEntry("REROUTING_SUSPECTED", 1L)
                .containsEntry("LICENSE_QUOTA_EXCEEDED", 4L);
        assertThat(standingDifferences(actual, expected))
                .as("alerts that stand: late filing against event-time order")
                .isEmpty();
        assertThat(Differences.between(expected.volumes(), actual.volumes(), Integer.MAX_VALUE))
                .as("route-day totals, to the last bit")
                .isEmpty();
        List<String> superseded = LateFilings.supersededOnArrival(filed);
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
                                + " came, collapses of months judged before their late shipments,"
                                + " quota crossings a late shipment moved")
                .isEqualTo(
                        Map.of(
                                "LICENSE_QUOTA_EXCEEDED",
                                5L,
                                "UNLICENSED_EXPORT",
                                28L,
                                "VOLUME_COLLAPSE",
                                8L));
        assertThat(withdrawn(expected)).as("nothing withdrawn in event-time order").isEmpty();
    }

    static Map<String, Alert> withdrawn(Outcome outcome) {
        Map<String, Alert> withdrawn = new TreeMap<>(outcome.alerts());
        withdrawn.keySet().removeAll(outcome.standing().keySet());
        return withdrawn;
    }

    @Test
    void theTwoSimulatedYearsFiledLateEndInTheOrderedRunsVolumesAndAlerts(@TempDir Path history)
            throws Exception {
        List<SpecificRecord> all = LateFilings.simulated(history);
        Outcome expected = DriverRun.run(ordered, DEFAULTS, LateFilings.inEventTimeOrder(all));
        List<SpecificRecord> filed = LateFilings.filedLate(all, 42);
        Outcome actual = DriverRun.run(shuffled, DEFAULTS, filed);

        assertThat(byType(expected.standing()))
                .as("the simulated findings")
                .isEqualTo(
                        Map.of(
                                "HS_SUBSTITUTION_SUSPECTED",
                                10L,
                                "REROUTING_SUSPECTED",
                                1L,
                                "TRANSSHIPMENT_CHAIN",
                                275L,
                                "UNIT_VALUE_ANOMALY",
                                12L,
                                "VOLUME_COLLAPSE",
                                5L,
                                "VOLUME_SURGE",
                                5L));
        assertThat(byType(withdrawn(actual)))
                .as("withdrawn on the way")
                .isEqualTo(Map.of("VOLUME_COLLAPSE", 38L));
        assertThat(LateFilings.supersededOnArrival(filed))
                .as("amendments filed before what they amend")
                .hasSize(61);
        assertThat(standingDifferences(actual, expected))
                .as("alerts that stand: late filing against event-time order")
                .isEmpty();
        assertThat(Differences.between(expected.volumes(), actual.volumes(), Integer.MAX_VALUE))
                .as("route-day totals, to the last bit")
                .isEmpty();
        TreeSet<String> refused = new TreeSet<>(expected.deadLetters());
        LateFilings.supersededOnArrival(filed)
                .forEach(id -> refused.add(id + " SUPERSEDED_REVISION"));
        assertThat(new TreeSet<>(actual.deadLetters())).isEqualTo(refused);
    }

    /** The standing alerts that differ (content, not revision), each with both summaries. */
    static List<String> standingDifferences(Outcome actual, Outcome expected) {
        return Differences.between(
                expected.standing(),
                actual.standing(),
                AlertContent::same,
                Alert::getSummary,
                Integer.MAX_VALUE);
    }

    static Map<String, Long> byType(Map<String, Alert> alerts) {
        Map<String, Long> counts = new TreeMap<>();
        alerts.values().forEach(a -> counts.merge(a.getType(), 1L, Long::sum));
        return counts;
    }
}

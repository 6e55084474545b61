package io.lodestone.rerouting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lodestone.avro.Alert;
import io.lodestone.avro.Shipment;
import io.lodestone.localinfra.junit.SchemaRegistryExtension;
import io.lodestone.producers.ingest.EventKind;
import io.lodestone.producers.simulator.Population;
import io.lodestone.producers.simulator.Scenario;
import io.lodestone.producers.simulator.ScenarioSimulator;
import io.lodestone.testing.AlertsFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Precision and recall of the rerouting detectors over a seeded population (method: docs/detection-quality.md):
 * 30 injected diversions, 12 restricted pairs that are not diverted (a collapse no hub takes up, a steady
 * flow, hub flows that grow while the direct flow stays) and 250 unrestricted routes, sparse to dense,
 * over two years, through the production topology one record at a time. Prints the figures.
 */
@ExtendWith(SchemaRegistryExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectionQualityTest {

    private static final LocalDate FROM = LocalDate.of(2024, 1, 1);
    private static final LocalDate TO = LocalDate.of(2026, 1, 1);
    private static final LocalDate RESTRICTED_SINCE = LocalDate.of(2024, 12, 3);
    private static final double YEARS = 2.0;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private Population population;
    private List<Alert> alerts;

    @BeforeAll
    void runThePopulation() throws Exception {
        population = new Population(7, 30, 12, 250, RESTRICTED_SINCE);
        Path controlList = tmp.resolve("control-list.json");
        population.writeControlList(controlList);
        List<String> lines = new ScenarioSimulator(11, FROM, TO, RESTRICTED_SINCE, EnumSet.of(Scenario.BENIGN_SEASONAL), population).shipments();
        try (AlertsFixture topology = new AlertsFixture(tmp.resolve("state"), Map.of("control.list.file", controlList.toString()))) {
            for (String line : lines) {
                topology.ship((Shipment) EventKind.SHIPMENTS.parse((ObjectNode) JSON.readTree(line)));
            }
            alerts = topology.alerts();
        }
        System.out.printf("detection quality: %,d shipments, %d diversions, %d controls, %d benign routes, %,d alerts%n", lines.size(),
                population.diversions().size(), population.controls().size(), population.benignRoutes().size(), alerts.size());
    }

    private static String route(String commodity, String export, String importer) {
        return commodity + " " + export + "→" + importer;
    }

    @Test
    void everyInjectedDiversionIsCalledReroutingThroughItsHubsAndNothingElseIs() {
        List<Alert> rerouting = alerts.stream().filter(a -> a.getType().equals("REROUTING_SUSPECTED")).toList();
        Map<String, Population.Diversion> injected = new TreeMap<>();
        population.diversions().forEach(d -> injected.put(route(d.commodity(), d.origin(), d.destination()), d));
        Map<String, Set<String>> hubsNamed = new TreeMap<>();
        List<String> falseCalls = new ArrayList<>();
        for (Alert a : rerouting) {
            String pair = route(a.getCommodity(), a.getOriginCountry(), a.getImportCountry());
            Population.Diversion d = injected.get(pair);
            if (d == null || !d.hubs().containsAll(a.getHubCountries()) || YearMonth.parse(a.getDetails().get("month")).isBefore(YearMonth.from(RESTRICTED_SINCE))) {
                falseCalls.add(pair + " via " + a.getHubCountries() + " in " + a.getDetails().get("month"));
            } else {
                hubsNamed.computeIfAbsent(pair, p -> new TreeSet<>()).addAll(a.getHubCountries());
            }
        }
        long found = injected.keySet().stream().filter(hubsNamed::containsKey).count();
        long hubsInjected = injected.values().stream().mapToLong(d -> d.hubs().size()).sum();
        long hubsFound = hubsNamed.values().stream().mapToLong(Set::size).sum();
        double precision = rerouting.isEmpty() ? 1 : (rerouting.size() - falseCalls.size()) / (double) rerouting.size();
        System.out.printf("REROUTING_SUSPECTED: recall %d/%d diversions (%.0f%%), hubs named %d/%d; %d alerts, precision %.1f%%%n",
                found, injected.size(), 100.0 * found / injected.size(), hubsFound, hubsInjected, rerouting.size(), 100 * precision);
        falseCalls.forEach(c -> System.out.println("  false rerouting call: " + c));
        injected.forEach((pair, d) -> {
            if (!Set.copyOf(d.hubs()).equals(hubsNamed.getOrDefault(pair, Set.of()))) {
                System.out.println("  diversion " + pair + " via " + d.hubs() + ": hubs named " + hubsNamed.getOrDefault(pair, Set.of()));
            }
        });
        assertThat(falseCalls).as("rerouting alerts that are no injected diversion").isEmpty();
        assertThat(found).as("injected diversions found").isEqualTo(injected.size());
        // a hub that took a small share of a diversion can stay below the hub significance level (docs/detection-quality.md)
        assertThat(hubsFound).as("injected hubs named").isGreaterThanOrEqualTo((long) Math.ceil(0.9 * hubsInjected));
    }

    @Test
    void benignRoutesRaiseAtMostOneAlertPerHundredRouteYears() {
        Set<String> benign = new HashSet<>();
        population.benignRoutes().forEach(r -> benign.add(route(r.commodity(), r.origin(), r.destination())));
        for (String destination : new String[]{"JP", "KR", "DE", "NL", "BE", "FR", "IT", "ES", "IN", "GB"}) {
            benign.add(route("graphite", "AU", destination));
            benign.add(route("lithium", "CL", destination));
        }
        List<String> onBenign = alerts.stream().filter(a -> benign.contains(route(a.getCommodity(), a.getExportCountry(), a.getImportCountry())))
                .map(a -> a.getType() + " " + route(a.getCommodity(), a.getExportCountry(), a.getImportCountry()) + " " + a.getDetails().get("month")
                        + " " + a.getEvidence())
                .toList();
        double routeYears = benign.size() * YEARS;
        double per100 = 100 * onBenign.size() / routeYears;
        System.out.printf("benign routes: %d alerts over %d routes × %.0f years = %.2f per 100 route-years%n", onBenign.size(), benign.size(), YEARS,
                per100);
        onBenign.forEach(a -> System.out.println("  false alert: " + a));
        assertThat(per100).as("false alerts per 100 route-years on benign routes: " + onBenign).isLessThanOrEqualTo(1.0);
    }

    @Test
    void aRestrictedPairThatIsNotDivertedIsNeverCalledRerouting() {
        Set<String> controls = new HashSet<>();
        population.controls().forEach(c -> controls.add(route(c.commodity(), c.origin(), c.destination())));
        assertThat(alerts).filteredOn(a -> a.getType().equals("REROUTING_SUSPECTED")
                && controls.contains(route(a.getCommodity(), a.getOriginCountry(), a.getImportCountry()))).isEmpty();
        long collapses = population.controls().stream().filter(c -> c.kind() == Population.ControlKind.COLLAPSE_WITHOUT_HUBS)
                .filter(c -> alerts.stream().anyMatch(a -> a.getType().equals("VOLUME_COLLAPSE") && a.getCommodity().equals(c.commodity())
                        && a.getExportCountry().equals(c.origin()) && a.getImportCountry().equals(c.destination())))
                .count();
        assertThat(collapses).as("collapses without hubs are still reported as collapses")
                .isEqualTo(population.controls().stream().filter(c -> c.kind() == Population.ControlKind.COLLAPSE_WITHOUT_HUBS).count());
    }
}

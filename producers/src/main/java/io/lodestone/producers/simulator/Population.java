package io.lodestone.producers.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Many routes at once, for measuring the detectors: {@code diversions} injected diversions (a restricted
 * pair's direct flow stops at the turning point while one or two hubs take it up, the hub traders
 * re-exporting under their own origin), {@code controls} restricted pairs that are not diverted (a
 * collapse with no hub taking it up, a steady licensed flow, or hub flows that grow while the direct
 * flow stays), and {@code benignRoutes} unrestricted flows, sparse to dense, that should raise nothing.
 * The ground truth comes with it, and so does the control list naming the restricted pairs.
 */
public final class Population {

    /** A restricted pair diverted through {@code hubs}. */
    public record Diversion(String commodity, String origin, String destination, List<String> hubs) {
    }

    /** What a restricted pair that is not diverted does instead. */
    public enum ControlKind { COLLAPSE_WITHOUT_HUBS, STEADY, HUBS_GROW_DIRECT_STEADY }

    /** A restricted pair that is not diverted. */
    public record Control(String commodity, String origin, String destination, ControlKind kind, List<String> hubs) {
    }

    /** A benign route: commodity, origin = export country, import country. */
    public record BenignRoute(String commodity, String origin, String destination) {
    }

    private record Commodity(String name, String hsCode) {
    }

    private record Route(Commodity commodity, String origin, String destination) {
    }

    private static final List<Commodity> RESTRICTED_COMMODITIES = List.of(new Commodity("antimony", "28258000"),
            new Commodity("germanium", "81129230"), new Commodity("gallium", "81129210"), new Commodity("tungsten", "81019400"),
            new Commodity("graphite", "25049000"), new Commodity("rare-earth-compounds", "28469000"), new Commodity("cobalt", "28220000"));
    private static final List<Commodity> BENIGN_COMMODITIES = List.of(new Commodity("lithium", "28369100"),
            new Commodity("cobalt", "81052000"), new Commodity("graphite", "38011000"), new Commodity("tungsten", "26110000"),
            new Commodity("rare-earth-metals", "28053000"));
    private static final List<String> RESTRICTING_ORIGINS = List.of("CN", "RU", "BY", "IR", "MM");
    private static final List<String> DESTINATIONS = List.of("US", "GB", "JP", "KR", "DE", "FR", "CA", "AU", "NL", "IT");
    private static final List<String> HUBS = List.of("TH", "MX", "VN", "MY", "AE", "TR", "KZ", "IN", "ID", "PH", "SG", "HK", "GE", "AM");
    private static final List<String> BENIGN_ORIGINS = List.of("BR", "ZA", "PE", "AR", "NO", "FI", "SE", "PT", "ES", "PL");
    private static final List<String> BENIGN_DESTINATIONS = List.of("JP", "KR", "DE", "FR", "IT", "NL", "BE", "GB", "US", "CA", "IN", "TW");

    private final List<Diversion> diversions = new ArrayList<>();
    private final List<Control> controls = new ArrayList<>();
    private final List<BenignRoute> benign = new ArrayList<>();
    private final List<ScenarioSimulator.Flow> flows = new ArrayList<>();
    private final LocalDate restrictedSince;

    public Population(long seed, int diversions, int controls, int benignRoutes, LocalDate restrictedSince) {
        this.restrictedSince = restrictedSince;
        Random random = new Random(seed);
        Set<String> usedPairs = new HashSet<>();
        Set<String> usedHubLegs = new HashSet<>();
        for (int i = 0; i < diversions + controls; i++) {
            Route route = newRoute(random, usedPairs, RESTRICTED_COMMODITIES, RESTRICTING_ORIGINS, DESTINATIONS);
            Commodity c = route.commodity();
            String origin = route.origin();
            String destination = route.destination();
            // A hub serves one (commodity, origin) and one destination only, so every leg belongs to one pair.
            List<String> hubs = new ArrayList<>();
            int wanted = 1 + random.nextInt(2);
            for (int tries = 0; hubs.size() < wanted && tries < 100; tries++) {
                String hub = pick(random, HUBS);
                if (!hubs.contains(hub) && usedHubLegs.add(c.name() + origin + hub) && usedHubLegs.add(c.name() + hub + destination)) {
                    hubs.add(hub);
                }
            }
            if (hubs.isEmpty()) {
                throw new IllegalArgumentException("too many restricted pairs for the hubs available; ask for fewer");
            }
            double tonnes = 5 + random.nextInt(16);
            // a direct flow of about 12 to 25 shipments a month (below that, see docs/detection-quality.md)
            double direct = 0.6 + 0.6 * random.nextDouble();
            String id = String.format("%s-%s-%03d", origin, c.name().substring(0, 3).toUpperCase(), i);
            if (i < diversions) {
                this.diversions.add(new Diversion(c.name(), origin, destination, List.copyOf(hubs)));
                flows.add(flow(c, origin, origin, destination, id, direct, 0.02, tonnes, "Direct Buyer " + id));
                // most of the direct flow now goes through the hubs, split unevenly
                double diverted = direct * (0.7 + 0.3 * random.nextDouble());
                double firstShare = hubs.size() == 1 ? 1 : 0.35 + 0.3 * random.nextDouble();
                for (int h = 0; h < hubs.size(); h++) {
                    double before = 0.05 + 0.1 * random.nextDouble();
                    addHubLegs(random, c, origin, hubs.get(h), destination, id, before, before + diverted * (h == 0 ? firstShare : 1 - firstShare), tonnes);
                }
            } else {
                ControlKind kind = ControlKind.values()[(i - diversions) % ControlKind.values().length];
                this.controls.add(new Control(c.name(), origin, destination, kind, kind == ControlKind.HUBS_GROW_DIRECT_STEADY ? List.copyOf(hubs) : List.of()));
                double after = kind == ControlKind.COLLAPSE_WITHOUT_HUBS ? 0.02 : direct;
                flows.add(flow(c, origin, origin, destination, id, direct, after, tonnes, "Direct Buyer " + id));
                if (kind == ControlKind.HUBS_GROW_DIRECT_STEADY) {
                    for (String hub : hubs) {
                        double before = 0.05 + 0.1 * random.nextDouble();
                        addHubLegs(random, c, origin, hub, destination, id, before, before * 4, tonnes);
                    }
                }
            }
        }
        Set<String> usedBenign = new HashSet<>();
        for (int i = 0; i < benignRoutes; i++) {
            Route route = newRoute(random, usedBenign, BENIGN_COMMODITIES, BENIGN_ORIGINS, BENIGN_DESTINATIONS);
            Commodity c = route.commodity();
            String origin = route.origin();
            String destination = route.destination();
            benign.add(new BenignRoute(c.name(), origin, destination));
            // trade is uneven: a third of the routes see a few shipments a month, the rest one or two a working day
            double perDay = random.nextInt(3) == 0 ? 0.15 + 0.2 * random.nextDouble() : 0.5 + 1.5 * random.nextDouble();
            String id = String.format("%s-BEN-%03d", origin, i);
            flows.add(flow(c, origin, origin, destination, id, perDay, perDay, 2 + random.nextInt(20), destination + " Materials " + i));
        }
    }

    /** Origin → hub (to the hub trader) and hub → destination (by the hub trader, declared of hub origin). */
    private void addHubLegs(Random random, Commodity c, String origin, String hub, String destination, String id, double before, double after,
                            double tonnes) {
        String trader = hub + " " + c.name().substring(0, 1).toUpperCase() + c.name().substring(1) + " Trading " + id + " Co., Ltd.";
        flows.add(flow(c, origin, origin, hub, id, before, after, tonnes, trader));
        flows.add(new ScenarioSimulator.Flow(c.hsCode(), hub, hub, destination, hub + "-EXP-" + id, trader.toUpperCase().replace(",", "")
                .replace(".", ""), "Buyer " + destination + " " + id, before * (0.8 + 0.4 * random.nextDouble()), after, tonnes));
    }

    private static ScenarioSimulator.Flow flow(Commodity c, String origin, String export, String importer, String id, double before,
                                               double after, double tonnes, String consignee) {
        return new ScenarioSimulator.Flow(c.hsCode(), origin, export, importer, export + "-EXP-" + id, "Exporter " + export + " " + id,
                consignee, before, after, tonnes);
    }

    /** A random route not in {@code used} (which it joins). */
    private static Route newRoute(Random random, Set<String> used, List<Commodity> commodities, List<String> origins, List<String> destinations) {
        Route route;
        do {
            route = new Route(pick(random, commodities), pick(random, origins), pick(random, destinations));
        } while (!used.add(route.commodity().name() + route.origin() + route.destination()));
        return route;
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    List<ScenarioSimulator.Flow> flows() {
        return flows;
    }

    public List<Diversion> diversions() {
        return diversions;
    }

    public List<Control> controls() {
        return controls;
    }

    public List<BenignRoute> benignRoutes() {
        return benign;
    }

    /** A control list (Lodestone's JSON format) restricting every diverted and control pair from the turning point. */
    public void writeControlList(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.putArray("licenceRequirements");
        ArrayNode pairs = root.putArray("restrictedPairs");
        List<String[]> restricted = new ArrayList<>();
        diversions.forEach(d -> restricted.add(new String[]{d.origin(), d.destination(), d.commodity(), "simulated diversion"}));
        controls.forEach(c -> restricted.add(new String[]{c.origin(), c.destination(), c.commodity(), "simulated control: " + c.kind()}));
        for (String[] r : restricted) {
            pairs.addObject().put("origin", r[0]).put("destination", r[1]).put("commodity", r[2]).put("since", restrictedSince.toString())
                    .put("reference", r[3]);
        }
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }
}

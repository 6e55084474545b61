package io.lodestone.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A seeded population of simulated trade flows shaped like real strategic-mineral trade, with its
 * ground truth, for measuring the rerouting detectors across the shapes a diversion takes rather
 * than on one easy shape (a detector right on dense flows and silent on sparse ones is fitted to
 * its simulator). Three groups:
 *
 * <ul>
 *   <li><b>Diversions</b>, a grid of cells: commodity at its real declaration size (germanium and
 *       gallium 0.1–0.5 t, antimony oxide 15–25 t, graphite 25–40 t) × direct flow of 1, 2, 4, 8,
 *       16 or 32 declarations a month × diverted share of 30, 60 or 100%. From the turning point
 *       the direct flow falls to (1 − share) and the diverted part goes origin → hub → destination.
 *       Each cell holds {@code replicates} diversions that rotate through the sub-factors (see
 *       {@link #DetectionGrid(long, LocalDate, int)}).
 *   <li><b>Controls</b>: restricted pairs that are not diverted, one of each {@link ControlKind}
 *       per commodity and density.
 *   <li><b>Benign routes</b>: unrestricted flows, half of them sparse (1–3 a month, silent months,
 *       heavy-tailed weights), the rest 4–40 a month, some heavy-tailed, some strongly seasonal.
 * </ul>
 *
 * Every route is its own: no (commodity, exporting country, importing country) appears twice among
 * the grid's flows nor equals one of the simulator's fixed scenarios, and within a commodity each
 * hub serves one restricted pair, so a detector's call can be scored against exactly one truth. The
 * restricting origins leave out China, whose flows to the US, Thailand and Mexico belong to the
 * fixed scenarios.
 */
public final class DetectionGrid {

    /**
     * How a diversion's flows move from before to after: at once, or linearly over {@value
     * #RAMP_MONTHS} months.
     */
    public enum Shape {
        STEP,
        RAMP
    }

    /** What a restricted pair that is not diverted does instead. */
    public enum ControlKind {
        /**
         * The direct flow falls to 5% at the turning point and no hub takes it up; one hub's small
         * legs stay steady.
         */
        COLLAPSE_WITHOUT_HUBS,
        /**
         * The direct flow stays; one or two hubs' legs grow from 10–30% of it to 2–4 times that at
         * the turning point.
         */
        HUBS_GROW_DIRECT_STEADY,
        /**
         * The direct flow keeps a strong seasonal pattern (×0.5 in February, ×1.4 in October and
         * November); nothing changes.
         */
        SEASONAL
    }

    /**
     * A restricted pair diverted through {@code hubs}, each taking {@code hubShares} of the
     * diverted declarations.
     *
     * @param share the part of the direct flow that moves to the hubs (the direct flow keeps 1 −
     *     share)
     * @param lagMonths the hub → destination legs change this many months after the origin → hub
     *     legs
     * @param maskedOrigin whether the hub's exports declare the hub as origin instead of the true
     *     one
     */
    public record Diversion(
            String commodity,
            String origin,
            String destination,
            int directPerMonth,
            double share,
            List<String> hubs,
            List<Double> hubShares,
            int lagMonths,
            boolean maskedOrigin,
            Shape shape,
            double tonnesPerDeclaration) {

        /** The grid cell, e.g. {@code antimony|4/month|60%}. */
        public String cell() {
            return commodity + "|" + directPerMonth + "/month|" + Math.round(share * 100) + "%";
        }
    }

    /**
     * A restricted pair that is not diverted; {@code hubs} are the hubs with legs of its own (none
     * for a seasonal one).
     */
    public record Control(
            String commodity,
            String origin,
            String destination,
            ControlKind kind,
            int directPerMonth,
            List<String> hubs) {}

    /** An unrestricted route (origin = exporting country) that should raise nothing. */
    public record BenignRoute(
            String commodity, String origin, String destination, boolean sparse) {}

    /**
     * A commodity under the HS code the catalogue files it by, with the range of tonnes one
     * declaration carries.
     */
    private record Commodity(String name, String hsCode, double minTonnes, double maxTonnes) {

        double tonnes(Random random) {
            return minTonnes + (maxTonnes - minTonnes) * random.nextDouble();
        }

        String title() {
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
    }

    private static final List<Commodity> RESTRICTED =
            List.of(
                    new Commodity("germanium", "81129230", 0.1, 0.5),
                    new Commodity("gallium", "81129210", 0.1, 0.5),
                    new Commodity("antimony", "28258000", 15, 25),
                    new Commodity("graphite", "25049000", 25, 40));
    private static final List<Commodity> BENIGN =
            List.of(
                    new Commodity("lithium", "28369100", 2, 30),
                    new Commodity("cobalt", "81052000", 2, 30),
                    new Commodity("graphite", "38011000", 2, 30),
                    new Commodity("tungsten", "26110000", 2, 30),
                    new Commodity("rare-earth-metals", "28053000", 2, 30),
                    new Commodity("germanium", "28256000", 0.1, 0.5),
                    new Commodity("gallium", "28539090", 0.1, 0.5));
    private static final int[] DENSITIES = {1, 2, 4, 8, 16, 32};
    private static final double[] SHARES = {0.3, 0.6, 1.0};
    private static final int LAGS = 3;
    private static final int RAMP_MONTHS = 3;
    private static final double COLLAPSED = 0.05;
    private static final List<String> RESTRICTING_ORIGINS = List.of("RU", "BY", "IR", "MM", "KP");
    private static final List<String> BENIGN_ORIGINS =
            List.of("BR", "ZA", "PE", "AR", "NO", "FI", "SE", "PT", "ES", "PL");
    private static final List<String> BENIGN_DESTINATIONS =
            List.of("JP", "KR", "DE", "FR", "IT", "NL", "BE", "GB", "US", "CA", "IN", "TW");

    /** The countries the simulator's fixed scenarios export from: no grid hub exports from them. */
    private static final Set<String> SCENARIO_EXPORTERS = Set.of("CN", "AU", "CL", "TH", "MX");

    private static final int BENIGN_ROUTES = 240;
    private static final double SPARSE_SILENT_MONTHS = 0.15;

    private final LocalDate turningPoint;
    private final List<Diversion> diversions = new ArrayList<>();
    private final List<Control> controls = new ArrayList<>();
    private final List<BenignRoute> benign = new ArrayList<>();
    private final List<ScenarioSimulator.Flow> flows = new ArrayList<>();

    /**
     * Builds the grid. The sub-factors of replicate r of a cell rotate deterministically with t =
     * the cell's commodity, density and share indices summed, a = r mod 2 and b = ⌊r/2⌋ mod 2: hubs
     * = 1 + (a + t) mod 2, masked origin when (b + t) is odd, RAMP when (a + b + t) is odd,
     * onward-leg lag = (r + t) mod 3 months. With 4 replicates every cell has two one-hub and two
     * two-hub diversions, two masked and two ramps, each pair of those three crossed, and every
     * level of every sub-factor appears equally often within each commodity, density and share.
     *
     * @param replicates diversions per cell, at least 1; 4 is the usual choice, and the hub
     *     countries run out above 6
     */
    public DetectionGrid(long seed, LocalDate turningPoint, int replicates) {
        if (replicates < 1) {
            throw new IllegalArgumentException("replicates must be at least 1, got " + replicates);
        }
        this.turningPoint = turningPoint;
        Random random = new Random(seed);
        List<String> countries = hubsAndDestinations();
        for (int m = 0; m < RESTRICTED.size(); m++) {
            int pairCount =
                    DENSITIES.length * (SHARES.length * replicates + ControlKind.values().length);
            Pairs pairs = new Pairs(random, RESTRICTED.get(m), countries, pairCount);
            for (int d = 0; d < DENSITIES.length; d++) {
                for (int s = 0; s < SHARES.length; s++) {
                    for (int r = 0; r < replicates; r++) {
                        addDiversion(random, pairs, DENSITIES[d], SHARES[s], r, m + d + s);
                    }
                }
            }
            for (int d = 0; d < DENSITIES.length; d++) {
                for (ControlKind kind : ControlKind.values()) {
                    addControl(random, pairs, DENSITIES[d], kind, 1 + (m + d) % 2);
                }
            }
        }
        addBenignRoutes(random);
    }

    /**
     * ISO-3166 countries that are neither a restricting origin, a benign origin nor a fixed
     * scenario's exporter, sorted.
     */
    private static List<String> hubsAndDestinations() {
        Set<String> countries =
                new TreeSet<>(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2));
        countries.removeAll(RESTRICTING_ORIGINS);
        countries.removeAll(BENIGN_ORIGINS);
        countries.removeAll(SCENARIO_EXPORTERS);
        return List.copyOf(countries);
    }

    /** A restricted pair and the names of the companies on its routes. */
    private record Pair(Commodity commodity, String origin, String destination, String id) {

        String buyer() {
            return destination + " " + commodity.title() + " Buyer " + id + " Co., Ltd.";
        }

        String trader(String hub) {
            return hub + " " + commodity.title() + " Trading " + id + " Co., Ltd.";
        }

        /**
         * A flow from the pair's exporter in the origin to {@code consignee} in {@code importer},
         * changing at the turning point.
         */
        ScenarioSimulator.Flow fromOrigin(
                String importer,
                String consignee,
                double before,
                double after,
                double tonnes,
                int rampMonths,
                boolean seasonal) {
            return new ScenarioSimulator.Flow(
                    commodity.hsCode(),
                    origin,
                    origin,
                    importer,
                    origin + "-EXP-" + id,
                    origin + " " + commodity.title() + " Export " + id + " Co., Ltd.",
                    consignee,
                    before,
                    after,
                    tonnes,
                    0,
                    rampMonths,
                    ScenarioSimulator.WeightShape.UNIFORM,
                    0,
                    seasonal);
        }
    }

    /**
     * Hands out one commodity's restricted pairs and hubs. Its countries, shuffled, split into
     * destinations (as few as the pairs need, each taking one pair per restricting origin) and hubs
     * (each used once), so no two pairs share a route and no hub serves two pairs.
     */
    private static final class Pairs {
        private final Commodity commodity;
        private final Iterator<String[]> slots;
        private final Deque<String> hubs;
        private int next;

        Pairs(Random random, Commodity commodity, List<String> countries, int count) {
            this.commodity = commodity;
            List<String> shuffled = new ArrayList<>(countries);
            Collections.shuffle(shuffled, random);
            int destinations =
                    (count + RESTRICTING_ORIGINS.size() - 1) / RESTRICTING_ORIGINS.size();
            List<String[]> slots = new ArrayList<>();
            for (int j = 0; j < count; j++) {
                slots.add(
                        new String[] {
                            RESTRICTING_ORIGINS.get(j % RESTRICTING_ORIGINS.size()),
                            shuffled.get(j / RESTRICTING_ORIGINS.size())
                        });
            }
            Collections.shuffle(slots, random);
            this.slots = slots.iterator();
            this.hubs = new ArrayDeque<>(shuffled.subList(destinations, shuffled.size()));
        }

        Pair next() {
            String[] slot = slots.next();
            return new Pair(
                    commodity,
                    slot[0],
                    slot[1],
                    String.format(
                            "%s-%03d", commodity.name().substring(0, 3).toUpperCase(), next++));
        }

        List<String> hubs(int count) {
            if (hubs.size() < count) {
                throw new IllegalArgumentException(
                        "too many replicates: "
                                + commodity.name()
                                + " ran out of hub countries; ask for fewer");
            }
            List<String> taken = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                taken.add(hubs.removeFirst());
            }
            return List.copyOf(taken);
        }
    }

    /**
     * Replicate {@code r} of a cell whose factor indices sum to {@code t}; the rotation is the
     * constructor's.
     */
    private void addDiversion(
            Random random, Pairs pairs, int perMonth, double share, int r, int t) {
        int a = r % 2;
        int b = r / 2 % 2;
        Pair pair = pairs.next();
        List<String> hubs = pairs.hubs(1 + (a + t) % 2);
        boolean masked = (b + t) % 2 == 1;
        Shape shape = (a + b + t) % 2 == 1 ? Shape.RAMP : Shape.STEP;
        int lag = (r + t) % LAGS;
        int ramp = shape == Shape.RAMP ? RAMP_MONTHS : 0;
        double tonnes = pair.commodity().tonnes(random);
        double direct = ScenarioSimulator.perDay(perMonth);
        double first = hubs.size() == 1 ? 1 : 0.35 + 0.3 * random.nextDouble();
        List<Double> hubShares = hubs.size() == 1 ? List.of(1.0) : List.of(first, 1 - first);
        flows.add(
                pair.fromOrigin(
                        pair.destination(),
                        pair.buyer(),
                        direct,
                        direct * (1 - share),
                        tonnes,
                        ramp,
                        false));
        for (int h = 0; h < hubs.size(); h++) {
            // a hub with no history one time in three, else a small existing flow of up to 15% of
            // the direct one
            double before = random.nextInt(3) == 0 ? 0 : 0.15 * random.nextDouble() * direct;
            addHubLegs(
                    pair,
                    hubs.get(h),
                    before,
                    before + direct * share * hubShares.get(h),
                    tonnes,
                    lag,
                    ramp,
                    masked);
        }
        diversions.add(
                new Diversion(
                        pair.commodity().name(),
                        pair.origin(),
                        pair.destination(),
                        perMonth,
                        share,
                        hubs,
                        hubShares,
                        lag,
                        masked,
                        shape,
                        tonnes));
    }

    private void addControl(
            Random random, Pairs pairs, int perMonth, ControlKind kind, int growingHubs) {
        Pair pair = pairs.next();
        List<String> hubs =
                switch (kind) {
                    case COLLAPSE_WITHOUT_HUBS -> pairs.hubs(1);
                    case HUBS_GROW_DIRECT_STEADY -> pairs.hubs(growingHubs);
                    case SEASONAL -> List.of();
                };
        double tonnes = pair.commodity().tonnes(random);
        double direct = ScenarioSimulator.perDay(perMonth);
        flows.add(
                pair.fromOrigin(
                        pair.destination(),
                        pair.buyer(),
                        direct,
                        kind == ControlKind.COLLAPSE_WITHOUT_HUBS ? direct * COLLAPSED : direct,
                        tonnes,
                        0,
                        kind == ControlKind.SEASONAL));
        for (String hub : hubs) {
            double before = (0.1 + 0.2 * random.nextDouble()) * direct;
            double after =
                    kind == ControlKind.HUBS_GROW_DIRECT_STEADY
                            ? before * (2 + 2 * random.nextDouble())
                            : before;
            addHubLegs(pair, hub, before, after, tonnes, 0, 0, false);
        }
        controls.add(
                new Control(
                        pair.commodity().name(),
                        pair.origin(),
                        pair.destination(),
                        kind,
                        perMonth,
                        hubs));
    }

    /**
     * Origin → hub, sold by the pair's exporter to a hub trader, and hub → destination, exported by
     * that trader (under the upper-case spelling of its name) to the pair's buyer, changing {@code
     * lag} months later.
     */
    private void addHubLegs(
            Pair pair,
            String hub,
            double before,
            double after,
            double tonnes,
            int lag,
            int ramp,
            boolean masked) {
        String trader = pair.trader(hub);
        flows.add(pair.fromOrigin(hub, trader, before, after, tonnes, ramp, false));
        flows.add(
                new ScenarioSimulator.Flow(
                        pair.commodity().hsCode(),
                        masked ? hub : pair.origin(),
                        hub,
                        pair.destination(),
                        hub + "-EXP-" + pair.id(),
                        trader.toUpperCase().replace(",", "").replace(".", ""),
                        pair.buyer(),
                        before,
                        after,
                        tonnes,
                        lag,
                        ramp,
                        ScenarioSimulator.WeightShape.UNIFORM,
                        0,
                        false));
    }

    /**
     * Alternately a sparse route (1–3 declarations a month on average counting its silent months,
     * heavy-tailed) and a denser one (4–40 a month; every second one heavy-tailed, every other pair
     * of them seasonal).
     */
    private void addBenignRoutes(Random random) {
        Set<String> used = new HashSet<>();
        for (int i = 0; i < BENIGN_ROUTES; i++) {
            Commodity c;
            String origin;
            String destination;
            do {
                c = BENIGN.get(random.nextInt(BENIGN.size()));
                origin = BENIGN_ORIGINS.get(random.nextInt(BENIGN_ORIGINS.size()));
                destination = BENIGN_DESTINATIONS.get(random.nextInt(BENIGN_DESTINATIONS.size()));
            } while (!used.add(c.name() + " " + origin + " " + destination));
            boolean sparse = i % 2 == 0;
            int j = i / 2;
            double perDay =
                    ScenarioSimulator.perDay(
                            sparse
                                    ? (1 + 2 * random.nextDouble()) / (1 - SPARSE_SILENT_MONTHS)
                                    : 4 + random.nextInt(37));
            ScenarioSimulator.WeightShape weights =
                    sparse || j % 2 == 1
                            ? ScenarioSimulator.WeightShape.HEAVY_TAILED
                            : ScenarioSimulator.WeightShape.UNIFORM;
            String id = String.format("BEN-%03d", i);
            flows.add(
                    new ScenarioSimulator.Flow(
                            c.hsCode(),
                            origin,
                            origin,
                            destination,
                            origin + "-EXP-" + id,
                            origin + " " + c.title() + " Mining " + id,
                            destination + " Materials " + id + " Co., Ltd.",
                            perDay,
                            perDay,
                            c.tonnes(random),
                            0,
                            0,
                            weights,
                            sparse ? SPARSE_SILENT_MONTHS : 0,
                            !sparse && j / 2 % 2 == 1));
            benign.add(new BenignRoute(c.name(), origin, destination, sparse));
        }
    }

    /** When the diversions and collapses start; the control list restricts the pairs from then. */
    public LocalDate turningPoint() {
        return turningPoint;
    }

    public List<Diversion> diversions() {
        return Collections.unmodifiableList(diversions);
    }

    public List<Control> controls() {
        return Collections.unmodifiableList(controls);
    }

    public List<BenignRoute> benignRoutes() {
        return Collections.unmodifiableList(benign);
    }

    List<ScenarioSimulator.Flow> flows() {
        return Collections.unmodifiableList(flows);
    }

    /**
     * A control list (Lodestone's JSON format) restricting every diverted and control pair from the
     * turning point.
     */
    public void writeControlList(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.putArray("licenceRequirements");
        ArrayNode pairs = root.putArray("restrictedPairs");
        diversions.forEach(
                d ->
                        restrict(
                                pairs,
                                d.origin(),
                                d.destination(),
                                d.commodity(),
                                "detection grid: diversion " + d.cell()));
        controls.forEach(
                c ->
                        restrict(
                                pairs,
                                c.origin(),
                                c.destination(),
                                c.commodity(),
                                "detection grid: control " + c.kind()));
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private void restrict(
            ArrayNode pairs,
            String origin,
            String destination,
            String commodity,
            String reference) {
        pairs.addObject()
                .put("origin", origin)
                .put("destination", destination)
                .put("commodity", commodity)
                .put("since", turningPoint.toString())
                .put("reference", reference);
    }
}

package io.lodestone.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A seeded generator of shipment streams: steady seasonal flows on many routes with noise and
 * company names in several spellings, plus the {@link Scenario}s switched on, changing from {@code
 * turningPoint}. The same seed, dates and scenarios always give the same lines (JSON with the
 * contract's field names). A {@link DetectionGrid} adds its many flows beside the scenarios'.
 */
public final class ScenarioSimulator {

    /**
     * One flow: expected shipments per weekday and tonnes per shipment, before and after its
     * change, plus the shapes real trade takes, so the detectors can be measured on them: a change
     * that starts {@code lagMonths} calendar months after the turning point (an onward leg leaving
     * a hub later), a change that ramps over {@code rampMonths} months instead of stepping,
     * heavy-tailed declaration weights, silent months on sparse routes, and a strong seasonal
     * pattern of its own.
     *
     * @param lagMonths the change starts at {@code turningPoint.plusMonths(lagMonths)}; 0 = at the
     *     turning point
     * @param rampMonths 0 = a step; n ≥ 1 = in the k-th month from the change start (k = 1..n) the
     *     rate is k/n of the way from before to after, so it is at {@code perDayAfter} in month n
     * @param silentMonthChance per calendar month, the chance that the flow declares nothing that
     *     month
     * @param seasonal on top of every flow's February dip: ×0.5 in February and ×1.4 in October and
     *     November
     */
    record Flow(
            String hsCode,
            String origin,
            String export,
            String importer,
            String exporterId,
            String exporterName,
            String consigneeName,
            double perDayBefore,
            double perDayAfter,
            double tonnes,
            int lagMonths,
            int rampMonths,
            WeightShape weights,
            double silentMonthChance,
            boolean seasonal) {

        Flow {
            if (lagMonths < 0
                    || rampMonths < 0
                    || silentMonthChance < 0
                    || silentMonthChance >= 1) {
                throw new IllegalArgumentException(
                        "lag and ramp must be 0 or more months and the silent-month chance in [0,"
                                + " 1)");
            }
        }

        /**
         * A flow that steps at the turning point, with uniform weights, no silent months and only
         * the common seasonality.
         */
        Flow(
                String hsCode,
                String origin,
                String export,
                String importer,
                String exporterId,
                String exporterName,
                String consigneeName,
                double perDayBefore,
                double perDayAfter,
                double tonnes) {
            this(
                    hsCode,
                    origin,
                    export,
                    importer,
                    exporterId,
                    exporterName,
                    consigneeName,
                    perDayBefore,
                    perDayAfter,
                    tonnes,
                    0,
                    0,
                    WeightShape.UNIFORM,
                    0,
                    false);
        }

        /**
         * Expected shipments per weekday on {@code day}, before the weekday and seasonal patterns.
         */
        double perDayOn(LocalDate day, LocalDate turningPoint) {
            LocalDate start = turningPoint.plusMonths(lagMonths);
            if (day.isBefore(start)) {
                return perDayBefore;
            }
            long month = ChronoUnit.MONTHS.between(start, day) + 1;
            return month >= rampMonths
                    ? perDayAfter
                    : perDayBefore + (perDayAfter - perDayBefore) * month / rampMonths;
        }
    }

    /**
     * A flow whose declared value tells a story: its goods are of {@code goodsHsCode} (priced as
     * such) whatever code it declares, and from the turning point it declares {@code
     * declaredShareAfter} of their value. A flow declaring another code than its goods' cites no
     * licence: that is what the substitution is for.
     */
    record DeclaredValueFlow(Flow flow, String goodsHsCode, double declaredShareAfter) {

        boolean declaresItsGoods() {
            return flow.hsCode().equals(goodsHsCode);
        }
    }

    /** How the declared weights of a flow spread around its tonnes per shipment. */
    enum WeightShape {
        /** tonnes × U(0.6, 1.4): shipments of much the same size. */
        UNIFORM,
        /**
         * Nine in ten shipments of tonnes × U(0.5, 1.1) and one in ten heavy, tonnes × U(3, 6), all
         * divided by the mixture's mean (1.17) so the mean stays at tonnes: now and then a
         * declaration of 3 to 5 times the usual size.
         */
        HEAVY_TAILED;

        private static final double HEAVY_CHANCE = 0.1;
        private static final double HEAVY_TAILED_MEAN =
                (1 - HEAVY_CHANCE) * 0.8 + HEAVY_CHANCE * 4.5;

        /**
         * The factor on tonnes from the uniform draw {@code u}; the heavy-tailed shape also draws
         * from {@code features}.
         */
        double factor(double u, Random features) {
            if (this == UNIFORM) {
                return 0.6 + 0.8 * u;
            }
            boolean heavy = features.nextDouble() < HEAVY_CHANCE;
            return (heavy ? 3 + 3 * u : 0.5 + 0.6 * u) / HEAVY_TAILED_MEAN;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every flow's rate on Saturdays and Sundays and in February, relative to other days. */
    private static final double WEEKEND = 0.2;

    private static final double FEBRUARY = 0.6;
    private static final double SEASONAL_FEBRUARY = 0.5;
    private static final double SEASONAL_PEAK = 1.4;

    /**
     * Weekday-equivalent days in an average calendar month: 7 days a week weigh 5 + 2 × WEEKEND,
     * and February's 28.25 days lose (1 − FEBRUARY) of their weight. A rate of 1 per weekday gives
     * this many shipments a month.
     */
    private static final double WEEKDAYS_PER_MONTH =
            (365.25 - (1 - FEBRUARY) * 28.25) * (5 + 2 * WEEKEND) / 7 / 12;

    /**
     * Derives the second random stream, which only the flows using the shape features draw from.
     */
    private static final long FEATURE_STREAM = 0x9E3779B97F4A7C15L;

    /** Derives the stream of price spreads, so declared values never move the other draws. */
    private static final long VALUE_STREAM = 0xC2B2AE3D27D4EB4FL;

    /**
     * Derives the stream of the {@link DeclaredValueFlow}s, which came after the other flows:
     * theirs are drawn apart, so the other flows' shipments stay as they were.
     */
    private static final long DECLARED_VALUE_STREAM = 0x165667B19E3779F9L;

    /**
     * How far grades and contracts spread a declaration's price around the market (log-normal σ).
     */
    private static final double PRICE_SPREAD = 0.12;

    private static final Prices PRICES = Prices.bundled();

    private static final String[] BENIGN_DESTINATIONS = {
        "JP", "KR", "DE", "NL", "BE", "FR", "IT", "ES", "IN", "GB"
    };

    private final long seed;
    private final LocalDate from;
    private final LocalDate to;
    private final LocalDate turningPoint;
    private final Set<Scenario> scenarios;
    private final DetectionGrid grid;

    public ScenarioSimulator(
            long seed,
            LocalDate from,
            LocalDate to,
            LocalDate turningPoint,
            Set<Scenario> scenarios) {
        this(seed, from, to, turningPoint, scenarios, null);
    }

    /**
     * With the flows of {@code grid} (may be null) beside the scenarios'; the grid must change at
     * the same turning point.
     */
    public ScenarioSimulator(
            long seed,
            LocalDate from,
            LocalDate to,
            LocalDate turningPoint,
            Set<Scenario> scenarios,
            DetectionGrid grid) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException(
                    "the end date " + to + " must be after the start date " + from);
        }
        if (grid != null && !grid.turningPoint().equals(turningPoint)) {
            throw new IllegalArgumentException(
                    "the grid turns at "
                            + grid.turningPoint()
                            + ", the simulator at "
                            + turningPoint);
        }
        this.seed = seed;
        this.from = from;
        this.to = to;
        this.turningPoint = turningPoint;
        this.scenarios =
                scenarios.isEmpty()
                        ? EnumSet.of(Scenario.BENIGN_SEASONAL)
                        : EnumSet.copyOf(scenarios);
        this.grid = grid;
    }

    /**
     * The rate per weekday at which a flow averages {@code perMonth} shipments a calendar month
     * over a year, given the weekend and February patterns every flow follows.
     */
    static double perDay(double perMonth) {
        return perMonth / WEEKDAYS_PER_MONTH;
    }

    List<Flow> flows() {
        List<Flow> flows = new ArrayList<>();
        // Benign baseline: Australian and Chilean flows to many destinations, never restricted.
        for (String destination : BENIGN_DESTINATIONS) {
            // about 20 shipments a month each: a steady flow, whose monthly totals vary by ~20%,
            // not a sparse one
            flows.add(
                    new Flow(
                            "25041000",
                            "AU",
                            "AU",
                            destination,
                            "AU-EXP-0001",
                            "Pacific Graphite Pty Ltd",
                            destination + " Graphite Buyer Ltd",
                            1.0,
                            1.0,
                            8));
            flows.add(
                    new Flow(
                            "28369100",
                            "CL",
                            "CL",
                            destination,
                            "CL-EXP-0001",
                            "Andes Lithium S.A.",
                            destination + " Cells Co., Ltd.",
                            0.9,
                            0.9,
                            6));
        }
        if (scenarios.contains(Scenario.ANTIMONY_DIVERSION)) {
            flows.add(
                    new Flow(
                            "28258000",
                            "CN",
                            "CN",
                            "US",
                            "CN-EXP-0001",
                            "Hunan Antimony Co., Ltd.",
                            "US Antimony Corp",
                            0.5,
                            0.0,
                            16));
            flows.add(
                    new Flow(
                            "28258000",
                            "CN",
                            "CN",
                            "TH",
                            "CN-EXP-0001",
                            "Hunan Antimony Co., Ltd.",
                            "Siam Antimony Trading Co., Ltd.",
                            0.1,
                            0.6,
                            16));
            flows.add(
                    new Flow(
                            "28258000",
                            "CN",
                            "CN",
                            "MX",
                            "CN-EXP-0002",
                            "Guangxi Antimony Industry Co Ltd",
                            "Oxidos del Norte S.A. de C.V.",
                            0.08,
                            0.5,
                            16));
            flows.add(
                    new Flow(
                            "28258000",
                            "TH",
                            "TH",
                            "US",
                            "TH-EXP-0001",
                            "SIAM ANTIMONY TRADING CO LTD",
                            "US Antimony Corp",
                            0.08,
                            0.55,
                            15));
            flows.add(
                    new Flow(
                            "28258000",
                            "MX",
                            "MX",
                            "US",
                            "MX-EXP-0001",
                            "OXIDOS DEL NORTE SA DE CV",
                            "US Antimony Corp",
                            0.06,
                            0.45,
                            15));
        }
        if (scenarios.contains(Scenario.GERMANIUM_COLLAPSE)) {
            for (String destination : new String[] {"US", "DE", "JP", "BE"}) {
                flows.add(
                        new Flow(
                                "81129230",
                                "CN",
                                "CN",
                                destination,
                                "CN-EXP-0004",
                                "Yunnan Germanium Co Ltd",
                                destination + " Optics GmbH",
                                0.5,
                                0.025,
                                3));
            }
        }
        if (scenarios.contains(Scenario.MAGNET_BASE_EFFECT)) {
            flows.add(
                    new Flow(
                            "85051110",
                            "CN",
                            "CN",
                            "US",
                            "CN-EXP-0003",
                            "Ningbo Yunsheng Magnet Co., Ltd.",
                            "Detroit Motor Components LLC",
                            1.0,
                            1.0,
                            3));
        }
        if (grid != null) {
            flows.addAll(grid.flows());
        }
        return flows;
    }

    /**
     * Under {@link Scenario#ANTIMONY_DIVERSION}: the other oxides that a Chinese chemicals exporter
     * ships to Korea all along (a watch code's own trade, at its own price); from the turning
     * point, antimony oxide declared under that watch code to Thailand; and a trader that
     * under-invoices its antimony oxide to Korea by 70% from the turning point.
     */
    List<DeclaredValueFlow> declaredValueFlows() {
        if (!scenarios.contains(Scenario.ANTIMONY_DIVERSION)) {
            return List.of();
        }
        return List.of(
                new DeclaredValueFlow(
                        new Flow(
                                "28259000",
                                "CN",
                                "CN",
                                "KR",
                                "CN-EXP-0006",
                                "Jiangxi Oxide Materials Co., Ltd.",
                                "Korea Ceramic Materials Co., Ltd.",
                                perDay(4),
                                perDay(4),
                                20),
                        "28259000",
                        1),
                new DeclaredValueFlow(
                        new Flow(
                                "28259000",
                                "CN",
                                "CN",
                                "TH",
                                "CN-EXP-0005",
                                "Hunan Jinxin Chemical Co., Ltd.",
                                "Siam Antimony Trading Co., Ltd.",
                                0,
                                perDay(2),
                                16),
                        "28258000",
                        1),
                new DeclaredValueFlow(
                        new Flow(
                                "28258000",
                                "CN",
                                "CN",
                                "KR",
                                "CN-EXP-0007",
                                "Shenzhen Huaxin Metals Trading Co., Ltd.",
                                "Korea Flame Retardants Co., Ltd.",
                                perDay(2),
                                perDay(2),
                                16),
                        "28258000",
                        0.3));
    }

    /**
     * Expected shipments on {@code day} for a flow, unless its month is silent: weekday pattern, a
     * February dip, the flow's own seasonality and its change.
     */
    double rate(Flow flow, LocalDate day) {
        double base = flow.perDayOn(day, turningPoint);
        if (magnetPause(flow)) {
            // the month before the turning point is a near-zero licensing pause; the month after it
            // a jump
            if (day.isBefore(turningPoint) && !day.isBefore(turningPoint.minusMonths(1))) {
                base = 0.02;
            } else if (!day.isBefore(turningPoint) && day.isBefore(turningPoint.plusMonths(1))) {
                base = 4.0;
            }
        }
        double weekday =
                day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY
                        ? WEEKEND
                        : 1.0;
        double season = day.getMonthValue() == 2 ? FEBRUARY : 1.0;
        if (flow.seasonal()) {
            int month = day.getMonthValue();
            season *=
                    month == 2
                            ? SEASONAL_FEBRUARY
                            : month == 10 || month == 11 ? SEASONAL_PEAK : 1.0;
        }
        return base * weekday * season;
    }

    /**
     * All shipments of the period, in event-time order, as JSON lines. Every flow draws from the
     * seed's stream as it always has; silent months and heavy weights draw from a second stream, so
     * flows without those features give the same lines as before the features existed.
     */
    public List<String> shipments() {
        Random random = new Random(seed);
        Random features = new Random(seed ^ FEATURE_STREAM);
        Random values = new Random(seed ^ VALUE_STREAM);
        List<ObjectNode> out = new ArrayList<>();
        List<Flow> flows = flows();
        boolean[] silent = new boolean[flows.size()];
        for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
            if (day.equals(from) || day.getDayOfMonth() == 1) {
                for (int f = 0; f < flows.size(); f++) {
                    silent[f] =
                            flows.get(f).silentMonthChance() > 0
                                    && features.nextDouble() < flows.get(f).silentMonthChance();
                }
            }
            for (int f = 0; f < flows.size(); f++) {
                Flow flow = flows.get(f);
                double expected = silent[f] ? 0 : rate(flow, day);
                int count =
                        (int) expected + (random.nextDouble() < expected - (int) expected ? 1 : 0);
                for (int i = 0; i < count; i++) {
                    out.add(shipment(random, features, values, flow, flow.hsCode(), 1, day));
                }
            }
        }
        out.sort(Comparator.comparing(n -> n.get("eventTime").asText()));
        for (int i = 0; i < out.size(); i++) {
            out.get(i).put("shipmentId", String.format("SIM-%d-%07d", seed, i + 1));
        }
        List<ObjectNode> told = declaredValueShipments(values);
        for (int i = 0; i < told.size(); i++) {
            told.get(i).put("shipmentId", String.format("SIM-%d-V%06d", seed, i + 1));
        }
        out.addAll(told);
        out.sort(Comparator.comparing(n -> n.get("eventTime").asText()));
        return out.stream().map(ObjectNode::toString).toList();
    }

    /** The {@link DeclaredValueFlow}s' shipments, in event-time order, from their own stream. */
    private List<ObjectNode> declaredValueShipments(Random values) {
        Random random = new Random(seed ^ DECLARED_VALUE_STREAM);
        List<ObjectNode> out = new ArrayList<>();
        List<DeclaredValueFlow> flows = declaredValueFlows();
        for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
            for (DeclaredValueFlow told : flows) {
                double expected = rate(told.flow(), day);
                int count =
                        (int) expected + (random.nextDouble() < expected - (int) expected ? 1 : 0);
                double share = Scenario.after(day, turningPoint) ? told.declaredShareAfter() : 1;
                for (int i = 0; i < count; i++) {
                    out.add(
                            shipment(
                                    random,
                                    random,
                                    values,
                                    told.flow(),
                                    told.goodsHsCode(),
                                    share,
                                    day));
                }
            }
        }
        out.sort(Comparator.comparing(n -> n.get("eventTime").asText()));
        return out;
    }

    /**
     * A shipment of {@code flow} on {@code day}: its goods of {@code goodsHsCode}, declared at
     * {@code declaredShare} of their value (the market price, spread by grade and contract).
     */
    private ObjectNode shipment(
            Random random,
            Random features,
            Random values,
            Flow flow,
            String goodsHsCode,
            double declaredShare,
            LocalDate day) {
        ObjectNode n = JSON.createObjectNode();
        n.put("shipmentId", "");
        n.put(
                "eventTime",
                day.atTime(6 + random.nextInt(14), random.nextInt(4) * 15)
                        .toInstant(ZoneOffset.UTC)
                        .toString());
        n.put("reporter", flow.export());
        n.put("flow", "EXPORT");
        n.put("hsCode", flow.hsCode());
        n.put("originCountry", flow.origin());
        n.put("exportCountry", flow.export());
        n.put("importCountry", flow.importer());
        n.putArray("transitCountries");
        n.put("exporterId", flow.exporterId());
        n.put("exporterName", spelling(random, flow.exporterName()));
        n.put(
                "consigneeId",
                flow.importer() + "-IMP-" + Math.abs(flow.consigneeName().hashCode() % 1000));
        n.put("consigneeName", spelling(random, flow.consigneeName()));
        n.put("endUse", "CIVILIAN");
        String licence = flow.hsCode().equals(goodsHsCode) ? licenceId(flow, day) : null;
        if (licence != null) {
            n.put("licenseId", licence);
        }
        double kg =
                Math.round(
                        flow.tonnes()
                                * 1000
                                * flow.weights().factor(random.nextDouble(), features));
        n.put("netWeightKg", kg);
        double usdPerKg =
                PRICES.usdPerKg(goodsHsCode, day)
                        * Math.exp(PRICE_SPREAD * values.nextGaussian())
                        * declaredShare;
        n.put("valueUsd", Math.round(kg * usdPerKg));
        return n;
    }

    /** Customs clerks write the same company in several ways. */
    private static String spelling(Random random, String name) {
        double r = random.nextDouble();
        if (r < 0.15) {
            return name.toUpperCase().replace(",", "").replace(".", "");
        }
        return r < 0.25 ? name.replace("Co., Ltd.", "Company Limited") : name;
    }

    /**
     * The export licence a flow's shipment on {@code day} cites: Chinese exporters hold a general
     * licence per HS code for all their destinations; under the magnet scenario the magnets go
     * under a temporary licence from the turning point (the month before it is the licensing
     * pause).
     */
    private String licenceId(Flow flow, LocalDate day) {
        if (!flow.export().equals("CN")) {
            return null;
        }
        boolean temporary = magnetPause(flow) && Scenario.after(day, turningPoint);
        return (temporary ? "SIM-TMP-" : "SIM-GEN-") + flow.exporterId() + "-" + flow.hsCode();
    }

    private boolean magnetPause(Flow flow) {
        return flow.hsCode().startsWith("8505") && scenarios.contains(Scenario.MAGNET_BASE_EFFECT);
    }

    /**
     * The licences the shipments cite (JSON lines in the contract's field names), issued before
     * they are needed.
     */
    public List<String> licences() {
        Map<String, Set<String>> destinations = new TreeMap<>();
        Map<String, Flow> flowOf = new TreeMap<>();
        List<Flow> licensed = new ArrayList<>(flows());
        declaredValueFlows().stream()
                .filter(DeclaredValueFlow::declaresItsGoods)
                .forEach(told -> licensed.add(told.flow()));
        for (Flow flow : licensed) {
            if (flow.export().equals("CN")) {
                String general = licenceId(flow, from);
                destinations.computeIfAbsent(general, id -> new TreeSet<>()).add(flow.importer());
                flowOf.putIfAbsent(general, flow);
                if (magnetPause(flow)) {
                    String temporary = licenceId(flow, turningPoint);
                    destinations
                            .computeIfAbsent(temporary, id -> new TreeSet<>())
                            .add(flow.importer());
                    flowOf.putIfAbsent(temporary, flow);
                }
            }
        }
        List<String> lines = new ArrayList<>();
        destinations.forEach(
                (id, permitted) -> {
                    boolean temporary = id.startsWith("SIM-TMP-");
                    LocalDate validFrom =
                            temporary ? turningPoint.minusDays(1) : from.minusMonths(1);
                    ObjectNode n = JSON.createObjectNode();
                    n.put("licenseId", id);
                    n.put("revision", 1);
                    n.put(
                            "eventTime",
                            validFrom.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
                    n.put("status", "GRANTED");
                    n.put("licenseType", temporary ? "TEMPORARY" : "GENERAL");
                    n.put("issuingCountry", "CN");
                    n.put("exporterId", flowOf.get(id).exporterId());
                    n.putArray("hsCodes").add(flowOf.get(id).hsCode());
                    permitted.forEach(n.putArray("permittedDestinations")::add);
                    n.putArray("permittedEndUsers");
                    n.putNull("quantityLimitKg");
                    n.put(
                            "validFrom",
                            validFrom.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
                    n.put(
                            "validTo",
                            to.plusYears(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
                    lines.add(n.toString());
                });
        return lines;
    }

    /** Writes the licences to {@code file}; returns how many. */
    public int writeLicences(Path file) throws IOException {
        return write(file, licences());
    }

    /** Writes the shipments to {@code file}; returns how many. */
    public int writeShipments(Path file) throws IOException {
        return write(file, shipments());
    }

    private static int write(Path file, List<String> lines) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                writer.write(line);
                writer.newLine();
            }
        }
        return lines.size();
    }
}

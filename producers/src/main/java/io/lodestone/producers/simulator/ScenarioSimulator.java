package io.lodestone.producers.simulator;

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
 * A seeded generator of shipment streams: steady seasonal flows on many routes with noise and company
 * names in several spellings, plus the {@link Scenario}s switched on, changing from {@code turningPoint}.
 * The same seed, dates and scenarios always give the same lines (JSON with the contract's field names).
 */
public final class ScenarioSimulator {

    /** One flow: expected shipments per weekday and tonnes per shipment, before and after the turning point. */
    record Flow(String hsCode, String origin, String export, String importer, String exporterId, String exporterName,
                String consigneeName, double perDayBefore, double perDayAfter, double tonnes) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] BENIGN_DESTINATIONS = {"JP", "KR", "DE", "NL", "BE", "FR", "IT", "ES", "IN", "GB"};

    private final long seed;
    private final LocalDate from;
    private final LocalDate to;
    private final LocalDate turningPoint;
    private final Set<Scenario> scenarios;
    private final Population population;

    public ScenarioSimulator(long seed, LocalDate from, LocalDate to, LocalDate turningPoint, Set<Scenario> scenarios) {
        this(seed, from, to, turningPoint, scenarios, null);
    }

    /** With the flows of {@code population} (may be null) beside the scenarios'. */
    public ScenarioSimulator(long seed, LocalDate from, LocalDate to, LocalDate turningPoint, Set<Scenario> scenarios, Population population) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the end date " + to + " must be after the start date " + from);
        }
        this.seed = seed;
        this.from = from;
        this.to = to;
        this.turningPoint = turningPoint;
        this.scenarios = scenarios.isEmpty() ? EnumSet.of(Scenario.BENIGN_SEASONAL) : EnumSet.copyOf(scenarios);
        this.population = population;
    }

    List<Flow> flows() {
        List<Flow> flows = new ArrayList<>();
        // Benign baseline: Australian and Chilean flows to many destinations, never restricted.
        for (String destination : BENIGN_DESTINATIONS) {
            // about 20 shipments a month each: a steady flow, whose monthly totals vary by ~20%, not a sparse one
            flows.add(new Flow("25041000", "AU", "AU", destination, "AU-EXP-0001", "Pacific Graphite Pty Ltd", destination + " Graphite Buyer Ltd",
                    1.0, 1.0, 8));
            flows.add(new Flow("28369100", "CL", "CL", destination, "CL-EXP-0001", "Andes Lithium S.A.", destination + " Cells Co., Ltd.",
                    0.9, 0.9, 6));
        }
        if (scenarios.contains(Scenario.ANTIMONY_DIVERSION)) {
            flows.add(new Flow("28258000", "CN", "CN", "US", "CN-EXP-0001", "Hunan Antimony Co., Ltd.", "US Antimony Corp", 0.5, 0.0, 16));
            flows.add(new Flow("28258000", "CN", "CN", "TH", "CN-EXP-0001", "Hunan Antimony Co., Ltd.", "Siam Antimony Trading Co., Ltd.",
                    0.1, 0.6, 16));
            flows.add(new Flow("28258000", "CN", "CN", "MX", "CN-EXP-0002", "Guangxi Antimony Industry Co Ltd", "Oxidos del Norte S.A. de C.V.",
                    0.08, 0.5, 16));
            flows.add(new Flow("28258000", "TH", "TH", "US", "TH-EXP-0001", "SIAM ANTIMONY TRADING CO LTD", "US Antimony Corp", 0.08, 0.55, 15));
            flows.add(new Flow("28258000", "MX", "MX", "US", "MX-EXP-0001", "OXIDOS DEL NORTE SA DE CV", "US Antimony Corp", 0.06, 0.45, 15));
        }
        if (scenarios.contains(Scenario.GERMANIUM_COLLAPSE)) {
            for (String destination : new String[]{"US", "DE", "JP", "BE"}) {
                flows.add(new Flow("81129230", "CN", "CN", destination, "CN-EXP-0004", "Yunnan Germanium Co Ltd", destination + " Optics GmbH",
                        0.5, 0.025, 3));
            }
        }
        if (scenarios.contains(Scenario.MAGNET_BASE_EFFECT)) {
            flows.add(new Flow("85051110", "CN", "CN", "US", "CN-EXP-0003", "Ningbo Yunsheng Magnet Co., Ltd.", "Detroit Motor Components LLC",
                    1.0, 1.0, 3));
        }
        if (population != null) {
            flows.addAll(population.flows());
        }
        return flows;
    }

    /** Expected shipments on {@code day} for a flow: weekday pattern, a February dip, and the scenario's switch. */
    private double rate(Flow flow, LocalDate day) {
        double base = Scenario.after(day, turningPoint) ? flow.perDayAfter() : flow.perDayBefore();
        if (magnetPause(flow)) {
            // the month before the turning point is a near-zero licensing pause; the month after it a jump
            if (day.isBefore(turningPoint) && !day.isBefore(turningPoint.minusMonths(1))) {
                base = 0.02;
            } else if (!day.isBefore(turningPoint) && day.isBefore(turningPoint.plusMonths(1))) {
                base = 4.0;
            }
        }
        double weekday = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0.2 : 1.0;
        double season = day.getMonthValue() == 2 ? 0.6 : 1.0;
        return base * weekday * season;
    }

    /** All shipments of the period, in event-time order, as JSON lines. */
    public List<String> shipments() {
        Random random = new Random(seed);
        List<ObjectNode> out = new ArrayList<>();
        List<Flow> flows = flows();
        for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
            for (Flow flow : flows) {
                double expected = rate(flow, day);
                int count = (int) expected + (random.nextDouble() < expected - (int) expected ? 1 : 0);
                for (int i = 0; i < count; i++) {
                    out.add(shipment(random, flow, day));
                }
            }
        }
        out.sort(Comparator.comparing(n -> n.get("eventTime").asText()));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            out.get(i).put("shipmentId", String.format("SIM-%d-%07d", seed, i + 1));
            lines.add(out.get(i).toString());
        }
        return lines;
    }

    private ObjectNode shipment(Random random, Flow flow, LocalDate day) {
        ObjectNode n = JSON.createObjectNode();
        n.put("shipmentId", "");
        n.put("eventTime", day.atTime(6 + random.nextInt(14), random.nextInt(4) * 15).toInstant(ZoneOffset.UTC).toString());
        n.put("reporter", flow.export());
        n.put("flow", "EXPORT");
        n.put("hsCode", flow.hsCode());
        n.put("originCountry", flow.origin());
        n.put("exportCountry", flow.export());
        n.put("importCountry", flow.importer());
        n.putArray("transitCountries");
        n.put("exporterId", flow.exporterId());
        n.put("exporterName", spelling(random, flow.exporterName()));
        n.put("consigneeId", flow.importer() + "-IMP-" + Math.abs(flow.consigneeName().hashCode() % 1000));
        n.put("consigneeName", spelling(random, flow.consigneeName()));
        n.put("endUse", "CIVILIAN");
        String licence = licenceId(flow, day);
        if (licence != null) {
            n.put("licenseId", licence);
        }
        double kg = Math.round(flow.tonnes() * 1000 * (0.6 + 0.8 * random.nextDouble()));
        n.put("netWeightKg", kg);
        n.put("valueUsd", Math.round(kg * 10));
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
     * The export licence a flow's shipment on {@code day} cites: Chinese exporters hold a general licence
     * per HS code for all their destinations; under the magnet scenario the magnets go under a temporary
     * licence from the turning point (the month before it is the licensing pause).
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

    /** The licences the shipments cite (JSON lines in the contract's field names), issued before they are needed. */
    public List<String> licences() {
        Map<String, Set<String>> destinations = new TreeMap<>();
        Map<String, Flow> flowOf = new TreeMap<>();
        for (Flow flow : flows()) {
            if (flow.export().equals("CN")) {
                String general = licenceId(flow, from);
                destinations.computeIfAbsent(general, id -> new TreeSet<>()).add(flow.importer());
                flowOf.putIfAbsent(general, flow);
                if (magnetPause(flow)) {
                    String temporary = licenceId(flow, turningPoint);
                    destinations.computeIfAbsent(temporary, id -> new TreeSet<>()).add(flow.importer());
                    flowOf.putIfAbsent(temporary, flow);
                }
            }
        }
        List<String> lines = new ArrayList<>();
        destinations.forEach((id, permitted) -> {
            boolean temporary = id.startsWith("SIM-TMP-");
            LocalDate validFrom = temporary ? turningPoint.minusDays(1) : from.minusMonths(1);
            ObjectNode n = JSON.createObjectNode();
            n.put("licenseId", id);
            n.put("revision", 1);
            n.put("eventTime", validFrom.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
            n.put("status", "GRANTED");
            n.put("licenseType", temporary ? "TEMPORARY" : "GENERAL");
            n.put("issuingCountry", "CN");
            n.put("exporterId", flowOf.get(id).exporterId());
            n.putArray("hsCodes").add(flowOf.get(id).hsCode());
            permitted.forEach(n.putArray("permittedDestinations")::add);
            n.putArray("permittedEndUsers");
            n.putNull("quantityLimitKg");
            n.put("validFrom", validFrom.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
            n.put("validTo", to.plusYears(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
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

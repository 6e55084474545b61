package io.lodestone.benchmarks.pipeline;

import io.lodestone.avro.EndUse;
import io.lodestone.avro.Flow;
import io.lodestone.avro.License;
import io.lodestone.avro.LicenseStatus;
import io.lodestone.avro.LicenseType;
import io.lodestone.avro.Shipment;
import io.lodestone.reference.ReferenceData;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded, in-memory source of valid shipments over a period: a few hundred routes (commodity ×
 * origin × exporting × importing country, some through hub countries), each with its own volume,
 * exporters whose names are spelt several ways, and a weight and value around the route's typical
 * consignment. Shipments come in event-time order (with up to 12 h of disorder, well inside the
 * 2-day grace), so none is late. Exports that the control list makes licensable cite a valid
 * licence from {@link #licences()}, and no flow of the history is restricted, so the replay
 * exercises every stage without drowning the alerts topic: alerts are the exception in real data
 * too. Faster than the JSON simulator by far, which matters at millions of records.
 */
final class ShipmentGenerator {

    record Commodity(
            String name,
            List<String> hsCodes,
            List<String> origins,
            double tonnes,
            double usdPerKg) {}

    record Route(
            Commodity commodity,
            String origin,
            String export,
            String importer,
            String[] exporterIds,
            String[] exporterNames,
            String[] consigneeNames,
            String[] licenceIds) {}

    private static final List<Commodity> COMMODITIES =
            List.of(
                    new Commodity(
                            "rare-earth-magnets",
                            List.of("85051110", "85051190"),
                            List.of("CN", "JP", "DE", "VN"),
                            3,
                            60),
                    new Commodity(
                            "rare-earth-compounds",
                            List.of("28469010", "28469090"),
                            List.of("CN", "MY", "MM", "EE"),
                            10,
                            25),
                    new Commodity(
                            "rare-earth-metals", List.of("28053000"), List.of("CN", "VN"), 2, 80),
                    new Commodity(
                            "antimony",
                            List.of("28258000", "81101000", "26171000"),
                            List.of("CN", "TJ", "RU", "BO", "TR", "OM"),
                            16,
                            20),
                    new Commodity(
                            "germanium",
                            List.of("81129230", "28256000"),
                            List.of("CN", "BE", "CA", "RU"),
                            1,
                            1500),
                    new Commodity(
                            "gallium",
                            List.of("81129210"),
                            List.of("CN", "JP", "KR", "DE"),
                            0.5,
                            600),
                    new Commodity(
                            "graphite",
                            List.of("25041000", "25049000", "38011000"),
                            List.of("CN", "MZ", "BR", "MG", "IN", "NO"),
                            20,
                            1),
                    new Commodity(
                            "tungsten",
                            List.of("81019400", "26110000"),
                            List.of("CN", "VN", "RU", "BO", "RW", "AT"),
                            8,
                            40),
                    new Commodity(
                            "cobalt",
                            List.of("81052000", "28220000"),
                            List.of("CD", "ID", "AU", "PH", "FI", "ZM"),
                            12,
                            33),
                    new Commodity(
                            "lithium",
                            List.of("28369100", "28252000"),
                            List.of("AU", "CL", "AR", "CN", "ZW"),
                            15,
                            12));
    private static final String[] DESTINATIONS = {
        "US", "JP", "KR", "DE", "NL", "BE", "FR", "IT", "ES", "IN", "GB", "TW", "MX", "TH", "VN",
        "MY", "CA", "PL", "SE", "CZ"
    };
    private static final String[] HUBS = {"VN", "MY", "KR", "NL", "AE", "SG"};
    private static final String[] TRANSIT = {"SG", "AE", "PA", "EG", "LK"};
    private static final String[] PLACES = {
        "Northern",
        "Pacific",
        "Golden",
        "Eastern",
        "United",
        "Summit",
        "Harbour",
        "Global",
        "Silver",
        "Grand",
        "Prime",
        "Delta"
    };
    private static final String[] MODES = {
        "SEA", "SEA", "SEA", "SEA", "SEA", "SEA", "SEA", "AIR", "AIR", "ROAD"
    };

    private final ReferenceData reference;
    private final long seed;
    private final Instant from;
    private final long spanMillis;
    private final List<Route> routes = new ArrayList<>();
    private final double[] cumulativeShare;
    private final Map<String, License> licences = new LinkedHashMap<>();

    ShipmentGenerator(ReferenceData reference, long seed, Instant from, Instant to) {
        this.reference = reference;
        this.seed = seed;
        this.from = from;
        this.spanMillis = Duration.between(from, to).toMillis();
        SplittableRandom random = new SplittableRandom(seed);
        LocalDate lastDay = to.atZone(ZoneOffset.UTC).toLocalDate();
        for (Commodity c : COMMODITIES) {
            for (String hs : c.hsCodes()) {
                if (!reference.catalogue().commodityOf(hs).orElse("").equals(c.name())) {
                    throw new IllegalStateException(
                            "HS code "
                                    + hs
                                    + " is not "
                                    + c.name()
                                    + " in the commodity catalogue");
                }
            }
            for (String origin : c.origins()) {
                List<String> destinations = new ArrayList<>(Arrays.asList(DESTINATIONS));
                destinations.remove(origin);
                // a banned direct flow has no legitimate history to replay
                destinations.removeIf(
                        d ->
                                reference
                                        .controlList()
                                        .restrictionFor(origin, d, c.name(), lastDay)
                                        .isPresent());
                shuffle(destinations, random);
                int count = 6 + random.nextInt(5);
                for (String destination :
                        destinations.subList(0, Math.min(count, destinations.size()))) {
                    routes.add(route(random, c, origin, origin, destination, lastDay));
                }
            }
            // Re-exports through hubs, to destinations no restriction covers: normal trade, no
            // alert.
            for (int i = 0; i < 3; i++) {
                String origin = c.origins().get(0);
                String hub = HUBS[random.nextInt(HUBS.length)];
                String destination = DESTINATIONS[random.nextInt(DESTINATIONS.length)];
                if (!hub.equals(origin)
                        && !destination.equals(hub)
                        && !destination.equals(origin)
                        && !reference.controlList().restrictsDestination(destination, c.name())) {
                    routes.add(route(random, c, origin, hub, destination, lastDay));
                }
            }
        }
        // Heavy-tailed volumes: a few routes carry most of the trade, as in real customs data.
        cumulativeShare = new double[routes.size()];
        double sum = 0;
        for (int i = 0; i < routes.size(); i++) {
            sum += Math.exp(random.nextGaussian() * 1.2);
            cumulativeShare[i] = sum;
        }
        for (int i = 0; i < cumulativeShare.length; i++) {
            cumulativeShare[i] /= sum;
        }
    }

    private Route route(
            SplittableRandom random,
            Commodity c,
            String origin,
            String export,
            String importer,
            LocalDate lastDay) {
        int exporters = 1 + random.nextInt(3);
        String[] ids = new String[exporters];
        String[] names = new String[exporters];
        String[] licenceIds = new String[exporters];
        boolean licensable =
                reference
                        .controlList()
                        .licenceRequirementFor(export, c.name(), importer, lastDay)
                        .isPresent();
        for (int e = 0; e < exporters; e++) {
            int company =
                    random.nextInt(
                            4); // a few companies per country and commodity, shared between routes
            ids[e] =
                    export
                            + "-"
                            + c.name().toUpperCase(Locale.ROOT).replace("-", "")
                            + "-"
                            + company;
            names[e] =
                    PLACES[Math.floorMod((export + c.name() + company).hashCode(), PLACES.length)]
                            + " "
                            + capitalised(c.name().split("-")[0])
                            + " "
                            + legalSuffix(export);
            if (licensable) {
                licenceIds[e] = licenceFor(ids[e], c, export);
            }
        }
        String[] consignees = new String[2];
        for (int k = 0; k < consignees.length; k++) {
            consignees[k] =
                    PLACES[random.nextInt(PLACES.length)]
                            + " "
                            + importer
                            + " Materials "
                            + legalSuffix(importer);
        }
        return new Route(c, origin, export, importer, ids, names, consignees, licenceIds);
    }

    /**
     * One general licence per licensable exporter and commodity, valid over the whole period, to
     * every destination.
     */
    private String licenceFor(String exporterId, Commodity c, String issuingCountry) {
        String id = "BENCH-LIC-" + exporterId;
        licences.computeIfAbsent(
                id,
                key ->
                        License.newBuilder()
                                .setLicenseId(key)
                                .setRevision(1)
                                .setEventTime(from.minus(Duration.ofDays(30)))
                                .setStatus(LicenseStatus.GRANTED)
                                .setLicenseType(LicenseType.GENERAL)
                                .setIssuingCountry(issuingCountry)
                                .setExporterId(exporterId)
                                .setHsCodes(c.hsCodes())
                                .setPermittedDestinations(Arrays.asList(DESTINATIONS))
                                .setValidFrom(from.minus(Duration.ofDays(30)))
                                .setValidTo(from.plus(Duration.ofDays(3650)))
                                .build());
        return id;
    }

    List<Route> routes() {
        return routes;
    }

    List<License> licences() {
        return new ArrayList<>(licences.values());
    }

    /**
     * Shipment {@code i} of {@code total}: its event time is at {@code i / total} of the period
     * plus up to 12 h, its content drawn from a random stream of its own, so any shipment can be
     * made on its own.
     */
    Shipment shipment(long i, long total) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        Route route = pick(random.nextDouble());
        long at =
                from.toEpochMilli()
                        + (long) (spanMillis * ((double) i / total))
                        + random.nextLong(12 * 3_600_000L);
        return shipment("BENCH-" + i, Instant.ofEpochMilli(at), route, random);
    }

    /** A shipment at {@code eventTime} on a random route; for the live stream. */
    Shipment live(String id, Instant eventTime, SplittableRandom random) {
        return shipment(id, eventTime, pick(random.nextDouble()), random);
    }

    /**
     * Antimony oxide of Chinese origin exported from Thailand to the US: with CN→US antimony
     * restricted since 2024-12-03, ORIGIN_REEXPORT fires for it at once, per shipment.
     */
    static Shipment reexportTrigger(String id, Instant eventTime) {
        return Shipment.newBuilder()
                .setShipmentId(id)
                .setEventTime(eventTime)
                .setReporter("TH")
                .setFlow(Flow.EXPORT)
                .setHsCode("28258000")
                .setOriginCountry("CN")
                .setExportCountry("TH")
                .setImportCountry("US")
                .setTransitCountries(List.of())
                .setExporterId("TH-ANTIMONY-9")
                .setExporterName("Siam Antimony Trading Co., Ltd.")
                .setConsigneeId("US-IMP-77")
                .setConsigneeName("US Antimony Corp")
                .setEndUse(EndUse.CIVILIAN)
                .setNetWeightKg(15_000)
                .setValueUsd(300_000.0)
                .setTransportMode("SEA")
                .build();
    }

    private Route pick(double u) {
        int index = Arrays.binarySearch(cumulativeShare, u);
        return routes.get(Math.min(index < 0 ? -index - 1 : index, routes.size() - 1));
    }

    private static Shipment shipment(
            String id, Instant eventTime, Route route, SplittableRandom random) {
        Commodity c = route.commodity();
        int exporter = random.nextInt(route.exporterIds().length);
        boolean export = random.nextInt(100) < 85;
        double kg =
                Math.round(c.tonnes() * 1000 * Math.exp(random.nextGaussian() * 0.35) * 10) / 10.0;
        Shipment s = new Shipment();
        s.setShipmentId(id);
        s.setEventTime(eventTime);
        s.setReporter(export ? route.export() : route.importer());
        s.setFlow(export ? Flow.EXPORT : Flow.IMPORT);
        s.setHsCode(c.hsCodes().get(random.nextInt(c.hsCodes().size())));
        s.setOriginCountry(route.origin());
        s.setExportCountry(route.export());
        s.setImportCountry(route.importer());
        s.setTransitCountries(
                random.nextInt(10) == 0
                        ? List.of(TRANSIT[random.nextInt(TRANSIT.length)])
                        : List.of());
        s.setExporterId(route.exporterIds()[exporter]);
        s.setExporterName(spelling(random, route.exporterNames()[exporter]));
        String consignee = route.consigneeNames()[random.nextInt(route.consigneeNames().length)];
        s.setConsigneeId(route.importer() + "-IMP-" + Math.floorMod(consignee.hashCode(), 1000));
        s.setConsigneeName(spelling(random, consignee));
        s.setEndUserName(null);
        int use = random.nextInt(20);
        s.setEndUse(use < 16 ? EndUse.CIVILIAN : use < 19 ? EndUse.DUAL_USE : EndUse.UNKNOWN);
        s.setNetWeightKg(kg);
        s.setValueUsd(
                random.nextInt(30) == 0
                        ? null
                        : Math.round(kg * c.usdPerKg() * (0.8 + 0.4 * random.nextDouble())) * 1.0);
        s.setLicenseId(route.licenceIds()[exporter]);
        s.setTransportMode(MODES[random.nextInt(MODES.length)]);
        return s;
    }

    /** Customs clerks write the same company in several ways. */
    private static String spelling(SplittableRandom random, String name) {
        int r = random.nextInt(20);
        if (r < 3) {
            return name.toUpperCase(Locale.ROOT).replace(",", "").replace(".", "");
        }
        return r < 5 ? name.replace("Co., Ltd.", "Company Limited") : name;
    }

    private static String legalSuffix(String country) {
        return switch (country) {
            case "CN", "VN", "TH", "MY", "KR", "JP", "TW", "SG", "MM" -> "Co., Ltd.";
            case "DE", "AT" -> "GmbH";
            case "US", "CA" -> "Inc.";
            case "MX" -> "S.A. de C.V.";
            case "GB", "IN", "AU", "ZM", "ZW" -> "Ltd";
            default -> "S.A.";
        };
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            list.set(j, list.set(i, list.get(j)));
        }
    }
}

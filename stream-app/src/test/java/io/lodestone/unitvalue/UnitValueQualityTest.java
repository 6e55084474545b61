package io.lodestone.unitvalue;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.alerts.AlertType;
import io.lodestone.reference.ReferenceData;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The unit-value judge on a world of declarations at each commodity's real scale and prices, month
 * by month as the processor judges (bins of the 12 months before, the month's declarations), with
 * the production settings. Benign trade is what real trade does to prices: grades and contracts
 * (10% of declarations from a wider spread), a market that triples over a year (antimony, 2024), a
 * one-month spike (tungsten), a new cheaper grade (magnets), watch codes with their own seasonal
 * trade, exporters with a single declaration a month. Into it go exporters that under-invoice by
 * 30-90% or over-invoice ×2-×3 for three months, and exporters declaring antimony oxide under its
 * watch code, at one or two declarations a month. docs/detection-quality.md has the table this
 * prints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnitValueQualityTest {

    private static final ReferenceData REFERENCE = ReferenceData.bundled();
    private static final YearMonth FIRST = YearMonth.of(2023, 1);
    private static final YearMonth LAST = YearMonth.of(2025, 12);

    /** Judged months: those with 12 months of history before them. */
    private static final YearMonth FIRST_JUDGED = FIRST.plusMonths(12);

    private static final int WORLDS = 20;
    private static final int BENIGN_EXPORTERS = 40;

    /** A product: its code, price (USD/kg), typical declaration (kg), and how its price moves. */
    record Product(String name, String hsCode, double usdPerKg, double kg, boolean watch) {

        double price(YearMonth m) {
            double p = usdPerKg;
            if (hsCode.equals("28258000")) { // antimony oxide: x3 over 2024, then flat
                int i = Math.max(0, Math.min(12, (int) FIRST.plusMonths(12).until(m, MONTHS)));
                p *= Math.pow(3, i / 12.0);
            }
            if (hsCode.equals("26110000") && m.equals(YearMonth.of(2024, 6))) {
                p *= 1.6; // a one-month spike
            }
            return p;
        }
    }

    private static final java.time.temporal.ChronoUnit MONTHS =
            java.time.temporal.ChronoUnit.MONTHS;

    private static final List<Product> PRODUCTS =
            List.of(
                    new Product("antimony oxide", "28258000", 12, 20_000, false),
                    new Product("germanium", "81129230", 1_800, 100, false),
                    new Product("gallium", "81129210", 500, 200, false),
                    new Product("NdFeB magnets", "85051110", 60, 5_000, false),
                    new Product("tungsten concentrate", "26110000", 20, 20_000, false),
                    new Product("graphite", "25049000", 1, 100_000, false),
                    new Product("other oxides (watch)", "28259000", 2, 20_000, true),
                    new Product("other magnets (watch)", "85051900", 20, 2_000, true));

    /** An injected kind of mis-invoicing: declared value = true value × factor. */
    record Kind(String name, double factor, boolean substitution) {}

    private static final List<Kind> KINDS =
            List.of(
                    new Kind("under 30%", 0.7, false),
                    new Kind("under 50%", 0.5, false),
                    new Kind("under 70%", 0.3, false),
                    new Kind("under 90%", 0.1, false),
                    new Kind("over x2", 2, false),
                    new Kind("over x3", 3, false),
                    new Kind("substituted code", 1, true));

    /** One injected case: an exporter, its product and kind, density, and first month. */
    record Case(String exporter, Product product, Kind kind, int perMonth, YearMonth start) {}

    private final UnitValueSettings settings =
            new UnitValueSettings(
                    5,
                    24,
                    30,
                    3,
                    0.1,
                    java.time.Duration.ZERO,
                    java.time.Duration.ZERO,
                    java.time.Duration.ZERO);
    private final List<Case> cases = new ArrayList<>();
    private final List<UnitValueFinding> findings = new ArrayList<>();
    private long benignExporterCodeYears;

    @BeforeAll
    void judgeTheWorlds() {
        for (int w = 0; w < WORLDS; w++) {
            world(w);
        }
    }

    private void world(int w) {
        Random random = new Random(1000 + w);
        Map<String, Map<YearMonth, List<Declaration>>> byCode = new TreeMap<>();
        int[] ids = {0};
        java.util.function.Consumer<Declaration> add =
                d ->
                        byCode.computeIfAbsent(d.bandCode(), c -> new TreeMap<>())
                                .computeIfAbsent(d.month(), m -> new ArrayList<>())
                                .add(d);
        for (Product p : PRODUCTS) {
            for (int e = 0; e < BENIGN_EXPORTERS; e++) {
                String exporter = "W" + w + "-" + p.hsCode() + "-B" + e;
                boolean single = e % 5 == 0; // one steady declaration a month
                boolean cheaperGrade = p.hsCode().equals("85051110") && e == 1;
                for (YearMonth m = FIRST; !m.isAfter(LAST); m = m.plusMonths(1)) {
                    int n = single ? 1 : poisson(random, seasonal(p, m, 1.5));
                    for (int i = 0; i < n; i++) {
                        double price = p.price(m) * noise(random);
                        if (cheaperGrade && !m.isBefore(YearMonth.of(2024, 7))) {
                            price *= 0.6;
                        }
                        add.accept(
                                declaration(
                                        w,
                                        ++ids[0],
                                        exporter,
                                        p.hsCode(),
                                        m,
                                        kg(random, p),
                                        price));
                    }
                }
                benignExporterCodeYears += 2;
            }
        }
        int c = 0;
        for (Product p : PRODUCTS) {
            if (p.watch()) {
                continue;
            }
            for (Kind kind : KINDS) {
                if (kind.substitution() && !p.hsCode().equals("28258000")) {
                    continue;
                }
                for (int perMonth = 1; perMonth <= 2; perMonth++) {
                    YearMonth start = FIRST_JUDGED.plusMonths(2 + (c++ * 7 + w * 5) % 18);
                    Case k = new Case("W" + w + "-X" + c, p, kind, perMonth, start);
                    cases.add(k);
                    for (YearMonth m = FIRST; !m.isAfter(LAST); m = m.plusMonths(1)) {
                        boolean mis = !m.isBefore(start) && m.isBefore(start.plusMonths(3));
                        int n = mis ? perMonth : poisson(random, perMonth);
                        for (int i = 0; i < n; i++) {
                            double price = p.price(m) * noise(random);
                            String code = p.hsCode();
                            if (mis && kind.substitution()) {
                                code = "28259000";
                            } else if (mis) {
                                price *= kind.factor();
                            }
                            add.accept(
                                    declaration(
                                            w,
                                            ++ids[0],
                                            k.exporter(),
                                            code,
                                            m,
                                            kg(random, p),
                                            price));
                        }
                    }
                }
            }
        }
        judge(byCode);
    }

    /** As the processor: each month of each code against the bins of the months before. */
    private void judge(Map<String, Map<YearMonth, List<Declaration>>> byCode) {
        UnitValueJudge judge = new UnitValueJudge(REFERENCE, settings);
        Map<String, Map<YearMonth, PriceBins>> bins = new TreeMap<>();
        byCode.forEach(
                (code, months) ->
                        months.forEach(
                                (m, ds) -> {
                                    PriceBins b = PriceBins.empty();
                                    for (Declaration d : ds) {
                                        b = b.with(d, 1);
                                    }
                                    bins.computeIfAbsent(code, x -> new TreeMap<>()).put(m, b);
                                }));
        for (YearMonth m = FIRST_JUDGED; !m.isAfter(LAST); m = m.plusMonths(1)) {
            for (Map.Entry<String, Map<YearMonth, List<Declaration>>> code : byCode.entrySet()) {
                if (code.getValue().containsKey(m)) {
                    findings.addAll(judge.judge(code.getKey(), m, code.getValue(), bins));
                }
            }
        }
    }

    private static double seasonal(Product p, YearMonth m, double mean) {
        return p.watch() && m.getMonthValue() >= 10 ? 2 * mean : mean;
    }

    /** Grades and contracts: most within about 12%, one in ten from a spread three times wider. */
    private static double noise(Random random) {
        double sigma = random.nextDouble() < 0.9 ? 0.12 : 0.35;
        return Math.exp(sigma * random.nextGaussian());
    }

    /** Heavy-tailed declaration weights around the product's typical one. */
    private static double kg(Random random, Product p) {
        return Math.round(p.kg() * Math.exp(0.5 * random.nextGaussian()));
    }

    private static int poisson(Random random, double mean) {
        double l = Math.exp(-mean);
        double prod = random.nextDouble();
        int n = 0;
        while (prod > l) {
            prod *= random.nextDouble();
            n++;
        }
        return n;
    }

    private static Declaration declaration(
            int world,
            int id,
            String exporter,
            String hsCode,
            YearMonth m,
            double kg,
            double price) {
        return new Declaration(
                "W" + world + "-S" + id,
                exporter,
                exporter,
                "CN",
                "CN",
                "US",
                hsCode,
                BandCode.of(hsCode, REFERENCE),
                m.atDay(1 + (id % 28)).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli(),
                kg,
                kg * price,
                false);
    }

    private boolean detected(Case k) {
        AlertType expected =
                k.kind().substitution()
                        ? AlertType.HS_SUBSTITUTION_SUSPECTED
                        : AlertType.UNIT_VALUE_ANOMALY;
        return findings.stream()
                .anyMatch(
                        f ->
                                f.exporterId().equals(k.exporter())
                                        && f.type() == expected
                                        && !YearMonth.parse(f.month()).isBefore(k.start())
                                        && YearMonth.parse(f.month())
                                                .isBefore(k.start().plusMonths(3)));
    }

    /** Per kind × density: cases, detected. */
    private Map<String, int[]> recall() {
        Map<String, int[]> cells = new LinkedHashMap<>();
        for (Case k : cases) {
            int[] cell =
                    cells.computeIfAbsent(
                            k.kind().name() + " · " + k.perMonth() + "/month", x -> new int[2]);
            cell[0]++;
            if (detected(k)) {
                cell[1]++;
            }
        }
        return cells;
    }

    private long falseAlerts() {
        Map<String, Case> byExporter = new HashMap<>();
        cases.forEach(k -> byExporter.put(k.exporter(), k));
        return findings.stream()
                .filter(
                        f -> {
                            Case k = byExporter.get(f.exporterId());
                            if (k == null) {
                                return true;
                            }
                            YearMonth m = YearMonth.parse(f.month());
                            return m.isBefore(k.start()) || !m.isBefore(k.start().plusMonths(3));
                        })
                .count();
    }

    @Test
    void benignTradeRaisesAtMostOneAlertPerHundredExporterCodeYears() {
        assertThat(benignExporterCodeYears)
                .isEqualTo(WORLDS * PRODUCTS.size() * BENIGN_EXPORTERS * 2L);
        assertThat(100.0 * falseAlerts() / benignExporterCodeYears)
                .as("false alerts per 100 exporter-code-years (measured 0.47)")
                .isLessThanOrEqualTo(1.0);
    }

    /**
     * Floors at what the judge measured on these seeded worlds. Below 50% under- or ×2
     * over-invoicing, a shift of 3-6 core spreads sits inside the tails of benign prices
     * (docs/detection-quality.md, "Unit values"): the limit, measured, not a target missed.
     */
    @Test
    void recallPerCellIsAtLeastItsFloor() {
        Map<String, Integer> floors = new LinkedHashMap<>();
        floors.put("under 70% · 1/month", 120);
        floors.put("under 70% · 2/month", 120);
        floors.put("under 90% · 1/month", 120);
        floors.put("under 90% · 2/month", 120);
        floors.put("over x3 · 1/month", 120);
        floors.put("over x3 · 2/month", 120);
        floors.put("substituted code · 1/month", 20);
        floors.put("substituted code · 2/month", 20);
        floors.put("under 50% · 1/month", 62);
        floors.put("under 50% · 2/month", 103);
        floors.put("over x2 · 1/month", 62);
        floors.put("over x2 · 2/month", 105);
        floors.put("under 30% · 1/month", 0);
        floors.put("under 30% · 2/month", 1);
        Map<String, int[]> recall = recall();
        assertThat(recall.keySet()).containsExactlyInAnyOrderElementsOf(floors.keySet());
        floors.forEach(
                (cell, floor) ->
                        assertThat(recall.get(cell)[1]).as(cell).isGreaterThanOrEqualTo(floor));
    }

    @Test
    void printTheTable() {
        System.out.println("| injected | cases | detected within 3 closed months | recall |");
        System.out.println("|---|---|---|---|");
        recall().forEach(
                        (cell, n) ->
                                System.out.printf(
                                        "| %s | %d | %d | %.0f%% |%n",
                                        cell, n[0], n[1], 100.0 * n[1] / n[0]));
        System.out.printf(
                "false alerts: %d in %d benign exporter-code-years = %.2f per 100%n",
                falseAlerts(),
                benignExporterCodeYears,
                100.0 * falseAlerts() / benignExporterCodeYears);
        assertThat(cases).isNotEmpty();
    }
}

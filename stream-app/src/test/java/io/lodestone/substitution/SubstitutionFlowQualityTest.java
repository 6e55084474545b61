package io.lodestone.substitution;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.reference.ReferenceData;
import io.lodestone.statistics.MonthlySeries;
import io.lodestone.statistics.PooledChange;
import io.lodestone.statistics.PooledChange.Direction;
import io.lodestone.statistics.RandomTrade;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The flow substitution judge on routes that vary as real trade does, month by month as the
 * processor judges them, with the production settings. Each route carries a controlled commodity at
 * its real declaration size (Poisson or negative-binomial counts, uniform or heavy-tailed weights)
 * and one of its watch codes, which has no trade, its own trade, or its own seasonal trade.
 * Injected: from the control's date (December 2024) or at an undated month (September 2024, no
 * control on the route), a share of the controlled declarations (half, or all) goes under the watch
 * code. Benign look-alikes: the control stops the controlled flow while the watch code keeps its
 * own (seasonal, or growing by half a year) trade; the watch code grows on its own while the
 * controlled flow stays; nothing changes. docs/detection-quality.md has the tables this prints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubstitutionFlowQualityTest {

    /** The production settings (README's defaults). */
    static final SubstitutionFlowJudge.Settings PRODUCTION =
            new SubstitutionFlowJudge.Settings(0.8, 1.5, 0.05, 0.01, 3e-4);

    private static final ReferenceData REFERENCE = ReferenceData.bundled();
    private static final YearMonth FIRST = YearMonth.of(2023, 1);
    private static final int MONTHS = 36;
    private static final int WORLDS = 10;

    /** December 2024: the control's date. */
    private static final int CONTROL_AT = 23;

    /** September 2024: an undated substitution, on a route no control names. */
    private static final int UNDATED_AT = 20;

    private static final List<String> COMMODITIES =
            List.of(
                    "antimony",
                    "gallium",
                    "germanium",
                    "rare-earth-magnets",
                    "tungsten",
                    "graphite");

    private static final int ALL_FROM_DATE_FLOOR = 172;
    private static final int HALF_FROM_DATE_FLOOR = 23;
    private static final int ALL_UNDATED_FLOOR = 146;

    /**
     * The share of the oracle's finds (substitutions of at least one declaration a month) the judge
     * makes at least: today 341 of 480.
     */
    private static final double SHARE_OF_THE_ORACLE_FLOOR = 0.7;

    private static final double[] MEAN_COUNTS = {1, 2, 4, 8, 16};

    /** Negative-binomial size r of the controlled flow's counts; infinite: Poisson. */
    private static final double[] EXTRA_VARIATION = {Double.POSITIVE_INFINITY, 8, 3};

    /** The watch code's own trade, as a share of the controlled flow's declarations. */
    enum WatchTrade {
        NONE(0, false),
        OWN(0.5, false),
        SEASONAL(0.5, true);

        final double share;
        final boolean seasonal;

        WatchTrade(double share, boolean seasonal) {
            this.share = share;
            this.seasonal = seasonal;
        }
    }

    enum Kind {
        /** From the control's date, half the controlled declarations go under the watch code. */
        HALF_FROM_DATE(true),
        /** From the control's date, all of them. */
        ALL_FROM_DATE(true),
        /** All of them, from a month no control names. */
        ALL_UNDATED(true),
        /** The control stops the controlled flow; the watch code keeps its own trade. */
        CONTROL_STOPS_FLOW(false),
        /** As above, while the watch code's own trade grows by half a year. */
        CONTROL_STOPS_FLOW_WATCH_GROWS(false),
        /**
         * The watch code's own trade doubles from the control's date; the controlled flow stays.
         */
        WATCH_DOUBLES_ALONE(false),
        /** Nothing changes. */
        NONE(false);

        final boolean substitution;

        Kind(boolean substitution) {
            this.substitution = substitution;
        }
    }

    record Route(
            Kind kind,
            String commodity,
            double meanCount,
            double size,
            double declarationKg,
            boolean heavyTailed,
            WatchTrade watchTrade) {

        double movedCount() {
            return switch (kind) {
                case HALF_FROM_DATE -> meanCount / 2;
                case ALL_FROM_DATE, ALL_UNDATED -> meanCount;
                default -> 0;
            };
        }

        int changeAt() {
            return kind == Kind.ALL_UNDATED ? UNDATED_AT : CONTROL_AT;
        }

        /** The control's month on this route (none for the undated kind). */
        YearMonth dated() {
            return kind == Kind.ALL_UNDATED ? null : month(CONTROL_AT);
        }
    }

    /** A call on a route: the months its change started and it was judged. */
    record Called(Route route, int changeMonth, int judgedMonth) {}

    private final List<Route> routes = new ArrayList<>();

    /** Per route, the oracle's smallest p-value within its time to find. */
    private final Map<Route, Double> oracleP = new IdentityHashMap<>();

    private final List<Called> calls = new ArrayList<>();

    @BeforeAll
    void judgeTheWorlds() {
        for (int world = 0; world < WORLDS; world++) {
            Random random = new Random(2000 + world);
            for (Kind kind : Kind.values()) {
                for (double meanCount : MEAN_COUNTS) {
                    for (double size : EXTRA_VARIATION) {
                        for (WatchTrade trade : WatchTrade.values()) {
                            if (!kind.substitution && trade == WatchTrade.NONE) {
                                continue; // a look-alike needs the watch code's own trade
                            }
                            String commodity = COMMODITIES.get(random.nextInt(COMMODITIES.size()));
                            Route r =
                                    new Route(
                                            kind,
                                            commodity,
                                            meanCount,
                                            size,
                                            RandomTrade.declarationKg(
                                                    random, REFERENCE.materiality().of(commodity)),
                                            random.nextBoolean(),
                                            trade);
                            routes.add(r);
                            calls.addAll(judge(r, random, oracleP));
                        }
                    }
                }
            }
        }
    }

    /**
     * The route's months one by one through the judge, as the processor does; the oracle's smallest
     * p-value goes to {@code oracleP}.
     */
    private static List<Called> judge(Route r, Random random, Map<Route, Double> oracleP) {
        double materialKg = REFERENCE.materiality().of(r.commodity());
        long[] controlledCounts = new long[MONTHS];
        double[] controlledKg = new double[MONTHS];
        long[] watchCounts = new long[MONTHS];
        double[] watchKg = new double[MONTHS];
        List<Called> out = new ArrayList<>();
        SubstitutionFlowJudge.Episode episode = null;
        for (int m = 0; m < MONTHS; m++) {
            boolean after = m >= r.changeAt();
            double controlled = r.meanCount();
            double moved = after ? r.movedCount() : 0;
            if (after
                    && (r.kind() == Kind.CONTROL_STOPS_FLOW
                            || r.kind() == Kind.CONTROL_STOPS_FLOW_WATCH_GROWS)) {
                controlled = 0;
            }
            double watch = r.watchTrade().share * r.meanCount();
            if (r.watchTrade().seasonal && m % 12 >= 9) {
                watch *= 2; // October to December
            }
            if (r.kind() == Kind.CONTROL_STOPS_FLOW_WATCH_GROWS) {
                watch *= Math.pow(1.5, m / 12.0);
            }
            if (after && r.kind() == Kind.WATCH_DOUBLES_ALONE) {
                watch *= 2;
            }
            controlledCounts[m] =
                    RandomTrade.negativeBinomial(random, controlled - moved, r.size());
            controlledKg[m] = weights(random, r, controlledCounts[m]);
            long own = RandomTrade.negativeBinomial(random, watch, r.size());
            long substituted = RandomTrade.negativeBinomial(random, moved, r.size());
            watchCounts[m] = own + substituted;
            watchKg[m] = weights(random, r, own) + weights(random, r, substituted);
            if (m < 6) {
                continue; // the route judges need months of history before reporting
            }
            MonthlySeries controlledSeries = series(controlledCounts, controlledKg, m);
            MonthlySeries watchSeries = series(watchCounts, watchKg, m);
            SubstitutionFlowJudge.Finding f =
                    SubstitutionFlowJudge.judge(
                                    month(m),
                                    r.dated(),
                                    controlledSeries,
                                    watchSeries,
                                    episode,
                                    PRODUCTION,
                                    materialKg)
                            .orElse(null);
            if (f != null) {
                if (episode == null || !f.episode().changeMonth().equals(episode.changeMonth())) {
                    out.add(
                            new Called(
                                    r,
                                    (int) FIRST.until(f.episode().start(), ChronoUnit.MONTHS),
                                    m));
                }
                episode = f.episode();
            }
        }
        oracleP.put(r, oracle(r, controlledCounts, controlledKg, watchCounts, watchKg));
        return out;
    }

    /**
     * What the data can show, for a judge that knows the route's truth: its change month. Within
     * the time to find it (3 closed months from 2 declarations a month, 5 below), the smallest over
     * months of the larger of the commodity's fall and the watch code's rise (each pooled from the
     * known month, on its estimated dispersion, no other rule): a substitution is both.
     */
    private static double oracle(
            Route r,
            long[] controlledCounts,
            double[] controlledKg,
            long[] watchCounts,
            double[] watchKg) {
        int change = r.changeAt();
        int within = (r.kind().substitution ? r.movedCount() : r.meanCount()) >= 2 ? 3 : 5;
        double smallest = 1;
        for (int m = change; m < change + within; m++) {
            MonthlySeries controlled = series(controlledCounts, controlledKg, m);
            MonthlySeries watch = series(watchCounts, watchKg, m);
            YearMonth from = month(change);
            double fall =
                    PooledChange.since(controlled, null, from, from, month(m), Direction.FALL)
                            .map(PooledChange::countP)
                            .orElse(1.0);
            double rise =
                    PooledChange.since(watch, null, from, from, month(m), Direction.RISE)
                            .map(PooledChange::countP)
                            .orElse(1.0);
            smallest = Math.min(smallest, Math.max(fall, rise));
        }
        return smallest;
    }

    private static double weights(Random random, Route r, long count) {
        return RandomTrade.weights(random, count, r.declarationKg(), r.heavyTailed(), 0.5);
    }

    /** The last 24 months up to {@code m}, as a route judge reports them. */
    private static MonthlySeries series(long[] counts, double[] kg, int m) {
        int from = Math.max(0, m - MonthlySeries.KEPT_MONTHS + 1);
        long[] c = new long[m - from + 1];
        double[] w = new double[m - from + 1];
        System.arraycopy(counts, from, c, 0, c.length);
        System.arraycopy(kg, from, w, 0, w.length);
        return new MonthlySeries(month(from).toString(), c, w);
    }

    @Test
    void benignLookAlikesRaiseAtMostOneAlertPerHundredRouteYears() {
        List<Route> benign = routes.stream().filter(r -> !r.kind().substitution).toList();
        double routeYears = benign.size() * (MONTHS - 6) / 12.0;
        List<Called> falseCalls =
                calls.stream().filter(c -> !c.route().kind().substitution).toList();
        Map<Kind, Integer> byKind = new TreeMap<>();
        falseCalls.forEach(c -> byKind.merge(c.route().kind(), 1, Integer::sum));
        double per100 = 100 * falseCalls.size() / routeYears;
        System.out.printf(
                "substitution by flow on benign look-alikes: %d calls over %.0f route-years ="
                        + " %.2f per 100 route-years %s%n",
                falseCalls.size(), routeYears, per100, byKind);
        falseCalls.stream()
                .limit(20)
                .forEach(
                        c ->
                                System.out.printf(
                                        "  false: %s change %s judged %s%n",
                                        c.route(), month(c.changeMonth()), month(c.judgedMonth())));
        assertThat(per100).isLessThanOrEqualTo(1.0);
    }

    /**
     * Substitutions found within 3 closed months (2 declarations a month moved and more) or 5
     * (fewer), per kind, declarations moved a month (rows) and the watch code's own trade
     * (columns); the floors are today's measurement (the worlds are seeded), and
     * docs/detection-quality.md says what the data can show.
     */
    @Test
    void substitutionsAreFoundAtLeastAsOftenAsToday() {
        Map<Kind, Integer> floors =
                Map.of(
                        Kind.ALL_FROM_DATE, ALL_FROM_DATE_FLOOR,
                        Kind.HALF_FROM_DATE, HALF_FROM_DATE_FLOOR,
                        Kind.ALL_UNDATED, ALL_UNDATED_FLOOR);
        for (Kind kind : floors.keySet().stream().sorted().toList()) {
            Map<Double, Map<WatchTrade, int[]>> cells = new TreeMap<>();
            Map<Double, int[]> byVariation = new TreeMap<>();
            int found = 0;
            for (Route r : routes) {
                if (r.kind() != kind) {
                    continue;
                }
                boolean hit = foundInTime(r);
                found += hit ? 1 : 0;
                int[] n =
                        cells.computeIfAbsent(r.movedCount(), c -> new TreeMap<>())
                                .computeIfAbsent(r.watchTrade(), w -> new int[2]);
                n[0] += hit ? 1 : 0;
                n[1]++;
                int[] v = byVariation.computeIfAbsent(r.size(), x -> new int[2]);
                v[0] += hit ? 1 : 0;
                v[1]++;
            }
            System.out.printf(
                    "substitution by flow, %s: %d/%d found in time%n",
                    kind, found, routes.stream().filter(r -> r.kind() == kind).count());
            System.out.println("| moved a month | no own trade | own trade | own seasonal trade |");
            System.out.println("|---|---|---|---|");
            cells.forEach(
                    (moved, byTrade) -> {
                        StringBuilder line = new StringBuilder("| " + moved + " |");
                        byTrade.values()
                                .forEach(
                                        n ->
                                                line.append(' ')
                                                        .append(n[0])
                                                        .append('/')
                                                        .append(n[1])
                                                        .append(" |"));
                        System.out.println(line);
                    });
            byVariation.forEach(
                    (size, n) ->
                            System.out.printf(
                                    "  counts %s: %d/%d%n",
                                    Double.isInfinite(size) ? "Poisson" : "NB r=" + size,
                                    n[0],
                                    n[1]));
            assertThat(found).as(kind + " found in time").isGreaterThanOrEqualTo(floors.get(kind));
        }
    }

    /**
     * The judge against the oracle, per kind and declarations moved a month: the oracle calls at
     * the level where it makes as many false calls on the look-alikes as the judge does.
     */
    @Test
    void substitutionsAgainstAnOracleThatKnowsTheMonth() {
        long judgeFalse = calls.stream().filter(c -> !c.route().kind().substitution).count();
        List<Double> benignP =
                routes.stream()
                        .filter(r -> !r.kind().substitution)
                        .map(oracleP::get)
                        .sorted()
                        .toList();
        double alpha = benignP.get((int) judgeFalse);
        System.out.printf(
                "oracle: calls at p < %.3g, making %d false calls on the look-alikes as the judge"
                        + " makes %d%n",
                alpha, benignP.stream().filter(p -> p < alpha).count(), judgeFalse);
        Map<String, int[]> cells = new TreeMap<>();
        int judgeFound = 0;
        int oracleFound = 0;
        for (Route r : routes) {
            if (!r.kind().substitution || r.movedCount() < 1) {
                continue;
            }
            int[] n =
                    cells.computeIfAbsent(
                            String.format("%s, %4.1f a month moved", r.kind(), r.movedCount()),
                            c -> new int[3]);
            boolean byJudge = foundInTime(r);
            boolean byOracle = oracleP.get(r) < alpha;
            n[0] += byJudge ? 1 : 0;
            n[1] += byOracle ? 1 : 0;
            n[2]++;
            judgeFound += byJudge ? 1 : 0;
            oracleFound += byOracle ? 1 : 0;
        }
        System.out.println("| cell | judge | oracle |");
        System.out.println("|---|---|---|");
        cells.forEach(
                (cell, n) ->
                        System.out.printf(
                                "| %s | %d/%d | %d/%d |%n", cell, n[0], n[2], n[1], n[2]));
        System.out.printf(
                "substitutions of ≥ 1 declaration a month: judge %d, oracle %d%n",
                judgeFound, oracleFound);
        assertThat((double) judgeFound)
                .as("substitutions found by the judge, against the oracle's " + oracleFound)
                .isGreaterThanOrEqualTo(SHARE_OF_THE_ORACLE_FLOOR * oracleFound);
    }

    private boolean foundInTime(Route r) {
        int within = r.movedCount() >= 2 ? 3 : 5;
        return calls.stream()
                .anyMatch(
                        c ->
                                c.route() == r
                                        && c.judgedMonth() >= r.changeAt()
                                        && c.judgedMonth() < r.changeAt() + within
                                        && c.changeMonth() >= r.changeAt() - 1);
    }

    private static YearMonth month(int m) {
        return FIRST.plusMonths(m);
    }
}

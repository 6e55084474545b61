package io.lodestone.substitution;

import io.lodestone.statistics.ChangePoint;
import io.lodestone.statistics.Dispersion;
import io.lodestone.statistics.MonthlySeries;
import io.lodestone.statistics.Months;
import io.lodestone.statistics.PooledChange;
import io.lodestone.statistics.PooledChange.Direction;
import io.lodestone.statistics.Seasons;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * HS_SUBSTITUTION_SUSPECTED by flow, for one route O→X, one controlled commodity and one of its
 * watch codes, at one closed month: from a change month on, the watch code rose on the route while
 * the controlled code on the same route fell or stopped, each judged by evidence pooled from the
 * change month against the same baseline months ({@link PooledChange}), as the hub judge pools a
 * diversion's legs.
 *
 * <ul>
 *   <li>A control's date is a known turning point (an event study at {@code eventSignificance}, for
 *       {@value #DATED_WINDOW} months); a change at another time is tested at the month of the last
 *       {@link Months#CHANGE} where the controlled flow most likely fell, at the stricter {@code
 *       significance}.
 *   <li>The controlled code must fall to {@code fallRatio} of its level, by itself at {@value
 *       #CONTROLLED_FALL}; the watch code must rise by {@code riseRatio}, by itself at {@code
 *       legSignificance}; both together (Fisher) below the significance. Counts are divided by each
 *       flow's dispersion at the upper end of what its baseline shows.
 *   <li>What tells a substitution from a watch code's own trade beside a flow the control stopped:
 *       the watch code took up at least {@value #TAKEN_UP} of the controlled code's loss, by a
 *       material tonnage; it stepped up to {@value #STEP_RATIO} times its last {@value
 *       #RECENT_MONTHS} months (a trend is no step); and it rose by {@code riseRatio} against the
 *       same months a year before (a season is no rise).
 *   <li>One episode per route, code and change month: while it lasts ({@link Months#EPISODE}) later
 *       months update its evidence under the same alert id.
 * </ul>
 *
 * <p>docs/detection-quality.md ("Substituted codes by flow") has what it finds and what it cannot.
 */
public final class SubstitutionFlowJudge {

    /**
     * From configuration: {@code rerouting.hub.fall.ratio}, {@code rerouting.hub.rise.ratio},
     * {@code rerouting.hub.significance} (each code alone), {@code rerouting.event.significance}
     * and {@code rerouting.significance} (both codes together, from a control's date or at an
     * undated change).
     */
    public record Settings(
            double fallRatio,
            double riseRatio,
            double legSignificance,
            double eventSignificance,
            double significance) {}

    /** An episode: the month the codes' flows changed, how it was found, when first called. */
    public record Episode(String changeMonth, boolean dated, String firstCalled) {

        public YearMonth start() {
            return YearMonth.parse(changeMonth);
        }
    }

    /**
     * A call (new or updated): the episode, the month judged, both codes' pooled evidence, their
     * combined p-value and the tonnage that moved from the controlled code to the watch code.
     */
    public record Finding(
            Episode episode,
            YearMonth month,
            PooledChange controlled,
            PooledChange watch,
            double p,
            double substitutedKg) {

        Finding in(Episode episode) {
            return new Finding(episode, month, controlled, watch, p, substitutedKg);
        }
    }

    /**
     * How unlikely by chance the controlled code's fall must be on its own: the control itself
     * stops trade, so the fall is context and the watch code's rise the evidence (as the hub
     * judge's direct fall, {@code HubReroutingJudge.DIRECT_FALL}).
     */
    static final double CONTROLLED_FALL = 0.02;

    /**
     * Both codes' counts are divided by their dispersion at the upper end of what the baseline
     * shows: judged on the estimate, a bunched watch code's own trade rose "significantly" every
     * few months beside a controlled flow the control had stopped.
     */
    static final Dispersion DISPERSION = Dispersion.upperBound(1);

    /**
     * The watch code must take up at least this share of what the controlled code lost: a watch
     * code growing on its own beside a flow the control stopped takes up a little of it.
     */
    static final double TAKEN_UP = 0.75;

    /**
     * A step, not a trend: the watch code must rise to {@value #STEP_RATIO} times its level of the
     * {@value #RECENT_MONTHS} months before the change (a code growing by half a year has risen
     * beside a year's baseline by the riseRatio within months, and beside its last half-year by far
     * less).
     */
    static final double STEP_RATIO = 2;

    static final int RECENT_MONTHS = 6;

    /**
     * How long after a control's date a new episode is still called from it: a substitution the
     * control caused shows within {@link Months#CHANGE} months; later, the undated test judges.
     */
    static final int DATED_WINDOW = Months.CHANGE;

    private SubstitutionFlowJudge() {}

    /**
     * The finding {@code month} completes on a route, if any ({@code controlled} and {@code watch}:
     * the route's series of the controlled commodity and of the watch code, either may be null;
     * {@code dated}: the month of the control that applies to the route, or null; {@code
     * materialKg}: the commodity's materiality a month): an update of the {@code last} episode
     * while it lasts, else a new episode from the control's date, else at an undated change.
     */
    public static Optional<Finding> judge(
            YearMonth month,
            YearMonth dated,
            MonthlySeries controlled,
            MonthlySeries watch,
            Episode last,
            Settings t,
            double materialKg) {
        if (controlled == null || watch == null) {
            return Optional.empty();
        }
        if (last != null && last.start().until(month, ChronoUnit.MONTHS) < Months.EPISODE) {
            double alpha = last.dated() ? t.eventSignificance() : t.significance();
            return evidence(controlled, watch, last.start(), month, null, alpha, t, materialKg)
                    .map(f -> f.in(last));
        }
        boolean datedWindow =
                dated != null
                        && !month.isBefore(dated)
                        && dated.until(month, ChronoUnit.MONTHS) < DATED_WINDOW;
        if (last == null && datedWindow) {
            Optional<Finding> found =
                    evidence(
                            controlled,
                            watch,
                            dated,
                            month,
                            null,
                            t.eventSignificance(),
                            t,
                            materialKg);
            if (found.isPresent()) {
                return found.map(f -> f.in(new Episode(dated.toString(), true, month.toString())));
            }
        }
        YearMonth segmentStart = last == null ? null : last.start();
        Optional<YearMonth> change =
                ChangePoint.likeliestFall(
                        controlled, segmentStart, month.minusMonths(Months.CHANGE - 1), month);
        if (change.isEmpty()
                || datedWindow
                        && !change.get().isAfter(dated)
                        && !change.get().isBefore(dated.minusMonths(Months.NEAR_DATE))) {
            return Optional.empty(); // near the control's date the event study judges it
        }
        return evidence(
                        controlled,
                        watch,
                        change.get(),
                        month,
                        segmentStart,
                        t.significance(),
                        t,
                        materialKg)
                .map(f -> f.in(new Episode(change.get().toString(), false, month.toString())));
    }

    /**
     * Both codes' flows from {@code change} to {@code month} against the same baseline: the
     * controlled one fell, the watch code rose (also against last year's months), each at {@code
     * legSignificance} and together at {@code alpha}, by a material tonnage.
     */
    private static Optional<Finding> evidence(
            MonthlySeries controlled,
            MonthlySeries watch,
            YearMonth change,
            YearMonth month,
            YearMonth segmentStart,
            double alpha,
            Settings t,
            double materialKg) {
        Optional<PooledChange> fell =
                PooledChange.since(
                        controlled,
                        segmentStart,
                        change,
                        change,
                        month,
                        Direction.FALL,
                        DISPERSION);
        if (fell.isEmpty()
                || fell.get().countP() >= CONTROLLED_FALL
                || fell.get().pooledMeanKg() > t.fallRatio() * fell.get().baselineMeanKg()) {
            return Optional.empty();
        }
        PooledChange fall = fell.get();
        PooledChange rise =
                PooledChange.of(
                        watch,
                        change.minusMonths(fall.baselineMonths()),
                        change,
                        change,
                        month,
                        Direction.RISE,
                        DISPERSION);
        double p = PooledChange.fisher(fall.countP(), rise.countP());
        double substitutedKg = Math.min(rise.excessKg(), -fall.excessKg());
        if (rise.countP() >= t.legSignificance()
                || rise.pooledMeanKg() < t.riseRatio() * rise.baselineMeanKg()
                || rise.excessKg() < TAKEN_UP * -fall.excessKg()
                || p >= alpha
                || substitutedKg / rise.pooledMonths() < materialKg
                || rise.pooledKg()
                        < t.riseRatio() * Seasons.sameMonthsLastYearKg(watch, change, month)
                || rise.pooledMeanKg()
                        < STEP_RATIO
                                * recentMeanKg(
                                        watch,
                                        change,
                                        Math.min(RECENT_MONTHS, fall.baselineMonths()))) {
            return Optional.empty();
        }
        return Optional.of(
                new Finding(
                        new Episode(change.toString(), false, month.toString()),
                        month,
                        fall,
                        rise,
                        p,
                        substitutedKg));
    }

    /** The mean monthly tonnage of the {@code months} before {@code change}. */
    private static double recentMeanKg(MonthlySeries s, YearMonth change, int months) {
        double kg = 0;
        for (int i = 1; i <= months; i++) {
            kg += s.kg(change.minusMonths(i));
        }
        return kg / months;
    }
}

package io.lodestone.rerouting;

import io.lodestone.statistics.ChangePoint;
import io.lodestone.statistics.Dispersion;
import io.lodestone.statistics.MonthlySeries;
import io.lodestone.statistics.Months;
import io.lodestone.statistics.PooledChange;
import io.lodestone.statistics.PooledChange.Direction;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * REROUTING_SUSPECTED for one restricted pair (commodity, origin O, destination D) at one closed
 * month, from its legs' monthly series: the direct flow O→D fell while, for some hub H, O→H and H→D
 * rose, each judged by evidence pooled from the change month on ({@link PooledChange}). A direct
 * flow that collapsed from the control list's date with no hub taking it up is a VOLUME_COLLAPSE of
 * the pair's direct route, an episode without hubs; a hub that takes it up later, while the episode
 * lasts, makes it rerouting.
 *
 * <ul>
 *   <li>The control list's date is a known turning point: the months from it are tested against the
 *       year before it (an event study) at {@code eventSignificance}. A change at another time (a
 *       pair listed after its diversion began, a diversion that began later) is tested at the month
 *       of the last {@link Months#CHANGE} where the direct flow most likely fell, at the stricter
 *       {@code significance}.
 *   <li>The direct fall must stand on its own at {@value #DIRECT_FALL}; the call needs the direct
 *       fall and a hub's two legs together (Fisher) below the significance, so a sparse heavy flow
 *       that stops is called once the hub legs fill its gap.
 *   <li>The onward leg H→D may lag the leg into the hub by up to {@link Months#MAX_LAG}; it counts
 *       declarations of origin O and of origin H (hub traders declare their own country).
 *   <li>A hub is named when both its legs rose by {@code hubRiseRatio} and their rises, combined
 *       (Fisher), are unlikely at {@code hubSignificance}; the diverted tonnage is the smaller of
 *       its legs' excess, summed over hubs and capped by the direct fall.
 *   <li>One episode per pair and change month: while it lasts ({@link Months#EPISODE}) later months
 *       update its evidence, under the same alert id.
 * </ul>
 */
final class HubReroutingJudge {

    /**
     * The legs of a pair at one month: O→D, and per hub the flows into it from O and out of it to
     * D.
     */
    record PairLegs(
            MonthlySeries direct,
            Map<String, MonthlySeries> toHub,
            Map<String, MonthlySeries> fromHub) {}

    /**
     * An episode of rerouting: the month it started, how it was found, when it was first called,
     * and the hubs named so far. With no hub named, the episode is a collapse of the direct flow
     * from the control list's date ({@link #isCollapse}).
     */
    record Episode(String changeMonth, boolean dated, String firstCalled, List<String> hubs) {

        YearMonth start() {
            return YearMonth.parse(changeMonth);
        }

        boolean isCollapse() {
            return hubs.isEmpty();
        }
    }

    /**
     * A hub that took part: its legs' evidence (the onward leg at its lag) and the tonnage diverted
     * through it.
     */
    record HubEvidence(
            String hub,
            PooledChange in,
            PooledChange out,
            int lagMonths,
            double p,
            double divertedKg) {}

    /**
     * A call (new or updated): the episode, the month judged, the direct fall, the hubs and the
     * tonnage diverted.
     */
    record Finding(
            Episode episode,
            YearMonth month,
            PooledChange direct,
            List<HubEvidence> hubs,
            double divertedKg) {

        /** This finding as part of {@code episode}: the hubs it names join the episode's. */
        Finding withEpisode(Episode episode, YearMonth judged) {
            TreeSet<String> named = new TreeSet<>(episode.hubs());
            hubs.forEach(h -> named.add(h.hub()));
            return new Finding(
                    new Episode(
                            episode.changeMonth(),
                            episode.dated(),
                            episode.firstCalled(),
                            List.copyOf(named)),
                    judged,
                    direct,
                    hubs,
                    divertedKg);
        }
    }

    /**
     * How unlikely by chance the direct flow's fall must be on its own, before the hub legs'
     * evidence joins it.
     */
    static final double DIRECT_FALL = 0.02;

    /**
     * How far below Poisson the dated collapse test lets a direct flow's month-to-month variation
     * count: a flow of one declaration every month that stops is called in 3 months, not 6.
     */
    static final Dispersion CLOCKWORK_DISPERSION = Dispersion.pointEstimate(0.5);

    private HubReroutingJudge() {}

    /**
     * The finding {@code month} completes, if any: an update of the {@code last} episode while it
     * lasts, else a new episode (from the control list's {@code since} first, then at an undated
     * change after the last one).
     */
    static Optional<Finding> judge(
            YearMonth month,
            LocalDate since,
            PairLegs legs,
            Episode last,
            HubReroutingSettings t,
            double materialKg) {
        if (legs.direct() == null) {
            return Optional.empty();
        }
        if (last != null && last.start().until(month, ChronoUnit.MONTHS) < Months.EPISODE) {
            Optional<Finding> update =
                    evidence(
                            legs,
                            last.start(),
                            month,
                            null,
                            last.dated() ? t.eventSignificance() : t.significance(),
                            t,
                            materialKg);
            if (update.isEmpty() && last.isCollapse()) {
                update = collapse(legs, last.start(), month, t, materialKg);
            } else if (update.isPresent() && last.isCollapse()) {
                // a hub took the collapsed flow up: rerouting, first called now
                return update.map(
                        f ->
                                f.withEpisode(
                                        new Episode(
                                                last.changeMonth(),
                                                last.dated(),
                                                month.toString(),
                                                List.of()),
                                        month));
            }
            return update.map(f -> f.withEpisode(last, month));
        }
        YearMonth dated = YearMonth.from(since);
        boolean datedWindow =
                !month.isBefore(dated) && dated.until(month, ChronoUnit.MONTHS) < Months.EPISODE;
        if (last == null && datedWindow) {
            Optional<Finding> found =
                    evidence(legs, dated, month, null, t.eventSignificance(), t, materialKg);
            if (found.isEmpty()) {
                found = collapse(legs, dated, month, t, materialKg);
            }
            if (found.isPresent()) {
                return found.map(
                        f ->
                                f.withEpisode(
                                        new Episode(
                                                dated.toString(),
                                                true,
                                                month.toString(),
                                                List.of()),
                                        month));
            }
        }
        YearMonth segmentStart = last == null ? null : last.start();
        // the undated change is where the direct flow most likely fell (maximum likelihood); near
        // the listed date it is that event
        Optional<YearMonth> change =
                ChangePoint.likeliestFall(
                        legs.direct(), segmentStart, month.minusMonths(Months.CHANGE - 1), month);
        if (change.isEmpty()
                || datedWindow
                        && !change.get().isAfter(dated)
                        && !change.get().isBefore(dated.minusMonths(Months.NEAR_DATE))) {
            return Optional.empty();
        }
        return evidence(legs, change.get(), month, segmentStart, t.significance(), t, materialKg)
                .map(
                        f ->
                                f.withEpisode(
                                        new Episode(
                                                f.episode().changeMonth(),
                                                false,
                                                month.toString(),
                                                List.of()),
                                        month));
    }

    /**
     * The pair's rerouting from {@code change} to {@code month}, if the direct flow fell (by itself
     * at least at {@value #DIRECT_FALL}) and some hub took it up: both its legs rose, together at
     * {@code hubSignificance}, and the three legs' evidence combined (Fisher) is unlikely at {@code
     * alpha}. Sparse heavy flows need the combination: two declarations a month that stop say
     * little alone, but not while the hub legs fill the gap.
     */
    private static Optional<Finding> evidence(
            PairLegs legs,
            YearMonth change,
            YearMonth month,
            YearMonth segmentStart,
            double alpha,
            HubReroutingSettings t,
            double materialKg) {
        Optional<PooledChange> fall =
                PooledChange.since(
                        legs.direct(), segmentStart, change, change, month, Direction.FALL);
        if (fall.isEmpty()
                || fall.get().countP() >= DIRECT_FALL
                || fall.get().pooledMeanKg() > t.fallRatio() * fall.get().baselineMeanKg()) {
            return Optional.empty();
        }
        PooledChange direct = fall.get();
        YearMonth baselineFrom = change.minusMonths(direct.baselineMonths());
        List<HubEvidence> hubs = new ArrayList<>();
        double diverted = 0;
        for (String hub : new TreeSet<>(legs.toHub().keySet())) {
            MonthlySeries out = legs.fromHub().get(hub);
            if (out == null) {
                continue;
            }
            PooledChange in =
                    PooledChange.of(
                            legs.toHub().get(hub),
                            baselineFrom,
                            change,
                            change,
                            month,
                            Direction.RISE);
            if (!rose(in, t)) {
                continue;
            }
            HubEvidence best = null;
            for (int lag = 0;
                    lag <= Months.MAX_LAG && !change.plusMonths(lag).isAfter(month);
                    lag++) {
                PooledChange onward =
                        PooledChange.of(
                                out,
                                baselineFrom,
                                change,
                                change.plusMonths(lag),
                                month,
                                Direction.RISE);
                double p = PooledChange.fisher(in.countP(), onward.countP());
                if (rose(onward, t) && (best == null || p < best.p())) {
                    best =
                            new HubEvidence(
                                    hub,
                                    in,
                                    onward,
                                    lag,
                                    p,
                                    Math.min(in.excessKg(), onward.excessKg()));
                }
            }
            if (best != null
                    && best.p() < t.hubSignificance()
                    && PooledChange.fisher(direct.countP(), best.in().countP(), best.out().countP())
                            < alpha) {
                hubs.add(best);
                diverted += best.divertedKg();
            }
        }
        diverted = Math.min(diverted, -direct.excessKg());
        if (hubs.isEmpty() || diverted / direct.pooledMonths() < materialKg) {
            return Optional.empty();
        }
        return Optional.of(
                new Finding(
                        new Episode(change.toString(), false, month.toString(), List.of()),
                        month,
                        direct,
                        hubs,
                        diverted));
    }

    /**
     * The direct flow's collapse from the control list's date that no hub took up: one planned test
     * per pair (the event study) at {@code eventSignificance}, the flow down to at most {@code
     * collapseRatio} of the months before and by at least the materiality. Its clockwork (a flow
     * less variable than Poisson) counts, down to {@link #CLOCKWORK_DISPERSION}.
     */
    private static Optional<Finding> collapse(
            PairLegs legs,
            YearMonth dated,
            YearMonth month,
            HubReroutingSettings t,
            double materialKg) {
        if (dated.until(month, ChronoUnit.MONTHS) < Months.MAX_LAG) {
            return Optional.empty(); // an onward leg may still show the hub that took it up
        }
        Optional<PooledChange> fall =
                PooledChange.since(
                        legs.direct(),
                        null,
                        dated,
                        dated,
                        month,
                        Direction.FALL,
                        CLOCKWORK_DISPERSION);
        if (fall.isEmpty()
                || fall.get().countP() >= t.eventSignificance()
                || fall.get().pooledMeanKg() > t.collapseRatio() * fall.get().baselineMeanKg()
                || fall.get().baselineMeanKg() - fall.get().pooledMeanKg() < materialKg) {
            return Optional.empty();
        }
        return Optional.of(
                new Finding(
                        new Episode(dated.toString(), true, month.toString(), List.of()),
                        month,
                        fall.get(),
                        List.of(),
                        0));
    }

    private static boolean rose(PooledChange leg, HubReroutingSettings t) {
        return leg.excessKg() > 0 && leg.pooledMeanKg() >= t.riseRatio() * leg.baselineMeanKg();
    }
}

package io.lodestone.routechange;

import io.lodestone.alerts.AlertType;
import io.lodestone.statistics.ChangePoint;
import io.lodestone.statistics.Dispersion;
import io.lodestone.statistics.MonthlySeries;
import io.lodestone.statistics.Months;
import io.lodestone.statistics.PooledChange;
import io.lodestone.statistics.PooledChange.Direction;
import io.lodestone.statistics.Seasons;
import java.time.YearMonth;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * VOLUME_SURGE and VOLUME_COLLAPSE of one route at one closed month, from its monthly history: for
 * each month the change may have started in (the last {@link Months#CHANGE}), the months from then
 * on pooled against up to {@link Months#BASELINE} before it ({@link PooledChange}); the likeliest
 * change that is significant in counts and weights and material (a ratio of the route's own level,
 * and the commodity's materiality) is the finding. A surge's baseline starts after the route's last
 * surge and a collapse's after its last change, so one change is one finding; a surge whose month
 * before was near zero (at or below the collapse ratio of the baseline) is a base effect. Where a
 * year of history is kept, the change must also hold against the same months a year before, so
 * seasons are not changes. A collapse's counts are judged on the negative binomial the baseline
 * shows ({@link PooledChange#withNegativeBinomialFall}), so a route that bunches its declarations
 * can still be seen to stop.
 */
final class RouteChangeJudge {

    /**
     * The fewest months of a route's history a change is judged against: fewer say too little of
     * how much the route varies (judged on 3 or 4 months, a route of bunched shipments surged and
     * collapsed several times a year).
     */
    static final int MIN_HISTORY = 6;

    /**
     * A route judged alone takes its dispersion at the upper end of what its months show: judged on
     * the estimate, routes of bunched shipments surged and collapsed several times a year.
     */
    static final Dispersion DISPERSION = Dispersion.upperBound(1);

    /** A change month and the pooled evidence for it. */
    record Candidate(YearMonth changeMonth, PooledChange change) {}

    private RouteChangeJudge() {}

    /**
     * The surge or collapse {@code month} completes, if any ({@code materialKg}: the commodity's
     * materiality a month).
     */
    static Optional<RouteChange> judge(
            RouteHistory history, YearMonth month, RouteChangeSettings t, double materialKg) {
        MonthlySeries s = history.months();
        Optional<Candidate> surge =
                likeliest(
                        s,
                        month,
                        history.lastSurgeMonth(),
                        Direction.RISE,
                        t.significance(),
                        c ->
                                c.pooledMeanKg() >= t.surgeRatio() * c.baselineMeanKg()
                                        && c.pooledMeanKg() - c.baselineMeanKg() >= materialKg);
        if (surge.isPresent()) {
            Candidate c = surge.get();
            YearMonth before = c.changeMonth().minusMonths(1);
            boolean baseEffect = s.kg(before) <= t.collapseRatio() * c.change().baselineMeanKg();
            return Optional.of(
                    new RouteChange(
                            AlertType.VOLUME_SURGE,
                            c.changeMonth().toString(),
                            month.toString(),
                            c.change(),
                            s.kg(before),
                            baseEffect));
        }
        return likeliest(
                        s,
                        month,
                        history.lastChangeMonth(),
                        Direction.FALL,
                        t.significance(),
                        c ->
                                c.pooledMeanKg() <= t.collapseRatio() * c.baselineMeanKg()
                                        && c.baselineMeanKg() - c.pooledMeanKg() >= materialKg)
                .map(
                        c ->
                                new RouteChange(
                                        AlertType.VOLUME_COLLAPSE,
                                        c.changeMonth().toString(),
                                        month.toString(),
                                        c.change(),
                                        s.kg(c.changeMonth().minusMonths(1)),
                                        false));
    }

    /**
     * Of the changes in {@code direction} that started in one of the last {@link Months#CHANGE}
     * months up to {@code month} and pass {@code alpha}, {@code material} and last year's months,
     * the likeliest (the split of the counts with the greatest likelihood: a longer pooled period
     * is not preferred for having more months); its baseline starts no earlier than the series'
     * first month and {@code segmentStart} (may be null).
     */
    static Optional<Candidate> likeliest(
            MonthlySeries s,
            YearMonth month,
            YearMonth segmentStart,
            Direction direction,
            double alpha,
            Predicate<PooledChange> material) {
        YearMonth earliest = month.minusMonths(Months.CHANGE - 1);
        YearMonth from = ChangePoint.splitFrom(s, segmentStart, earliest);
        Candidate best = null;
        double bestLogLikelihood = Double.NEGATIVE_INFINITY;
        for (YearMonth change = earliest; !change.isAfter(month); change = change.plusMonths(1)) {
            Optional<PooledChange> evidence =
                    PooledChange.since(
                                    s, segmentStart, change, change, month, direction, DISPERSION)
                            .map(
                                    e ->
                                            direction == Direction.FALL
                                                    ? e.withNegativeBinomialFall()
                                                    : e);
            if (evidence.isPresent()
                    && evidence.get().baselineMonths() >= MIN_HISTORY
                    && evidence.get().significant(alpha)
                    && material.test(evidence.get())
                    && Seasons.holdsAgainstLastYear(
                            s, change, month, direction, evidence.get().dispersion())) {
                double logLikelihood = ChangePoint.splitLogLikelihood(s, from, change, month);
                if (logLikelihood > bestLogLikelihood) {
                    best = new Candidate(change, evidence.get());
                    bestLogLikelihood = logLikelihood;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}

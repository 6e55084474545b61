package io.lodestone.revision;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * What a judge that judges months again sends: it compares the findings of a judgement with what it
 * alerted before, by alert id. A new finding is sent, a changed one as the next revision of its
 * alert, and a finding no longer found is sent withdrawn, where it was found in a month judged
 * again ({@code revisable}; one of a final month stands). A finding found again as it was sends
 * nothing.
 */
public final class Revisions<F> {

    private final Function<F, String> alertId;
    private final BiPredicate<F, F> same;
    private final ToIntFunction<F> leastRevision;

    /**
     * {@code same}: whether two findings of one id would make the same alert; {@code
     * leastRevision}: the revision a finding's alert has at least (an episode numbers its monthly
     * updates).
     */
    public Revisions(
            Function<F, String> alertId, BiPredicate<F, F> same, ToIntFunction<F> leastRevision) {
        this.alertId = alertId;
        this.same = same;
        this.leastRevision = leastRevision;
    }

    /**
     * What is alerted after a judgement that {@code found} these, in month order, given what was
     * alerted {@code before}; what must be sent for that is added to {@code send}, in order. Of the
     * findings of months {@code judgedBefore}, only the last of an id counts, and only when the id
     * has none in a month judged for the first time: those are each sent, in order, as an episode
     * updated month by month would be.
     */
    public List<Alerted<F>> revise(
            List<Alerted<F>> before,
            List<F> found,
            Predicate<F> judgedBefore,
            Predicate<F> revisable,
            List<Alerted<F>> send) {
        Map<String, Alerted<F>> alerted = new LinkedHashMap<>();
        before.forEach(a -> alerted.put(alertId.apply(a.finding()), a));
        Map<String, F> again = new LinkedHashMap<>();
        List<F> first = new ArrayList<>();
        for (F finding : found) {
            if (judgedBefore.test(finding)) {
                again.put(alertId.apply(finding), finding);
            } else {
                first.add(finding);
            }
        }
        first.forEach(f -> again.remove(alertId.apply(f)));
        Set<String> stillFound = new HashSet<>(again.keySet());
        again.values().forEach(f -> update(alerted, f, send));
        for (F finding : first) {
            stillFound.add(alertId.apply(finding));
            update(alerted, finding, send);
        }
        alerted.replaceAll(
                (id, last) -> {
                    if (stillFound.contains(id)
                            || last.withdrawn()
                            || !revisable.test(last.finding())) {
                        return last;
                    }
                    Alerted<F> withdrawn = new Alerted<>(last.finding(), last.revision() + 1, true);
                    send.add(withdrawn);
                    return withdrawn;
                });
        return new ArrayList<>(alerted.values());
    }

    /** Sends {@code finding} when it is new or its alert would change. */
    private void update(Map<String, Alerted<F>> alerted, F finding, List<Alerted<F>> send) {
        String id = alertId.apply(finding);
        Alerted<F> last = alerted.get(id);
        if (last != null && !last.withdrawn() && same.test(last.finding(), finding)) {
            return;
        }
        // a finding's first alert is revision 1, whatever it numbers later ones
        int revision =
                last == null ? 1 : Math.max(last.revision() + 1, leastRevision.applyAsInt(finding));
        Alerted<F> next = new Alerted<>(finding, revision, false);
        send.add(next);
        alerted.put(id, next);
    }
}

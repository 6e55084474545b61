package io.lodestone.revision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * What is alerted after a judgement that {@code found} these (for one id, the last counts),
     * given what was alerted {@code before}; what must be sent for that is added to {@code send}.
     */
    public List<Alerted<F>> revise(
            List<Alerted<F>> before, List<F> found, Predicate<F> revisable, List<Alerted<F>> send) {
        Map<String, Alerted<F>> previous = new LinkedHashMap<>();
        before.forEach(a -> previous.put(alertId.apply(a.finding()), a));
        Map<String, F> latest = new LinkedHashMap<>();
        found.forEach(f -> latest.put(alertId.apply(f), f));
        Map<String, Alerted<F>> now = new LinkedHashMap<>();
        latest.forEach(
                (id, finding) -> {
                    Alerted<F> last = previous.remove(id);
                    Alerted<F> next = last;
                    if (last == null || last.withdrawn() || !same.test(last.finding(), finding)) {
                        int revision =
                                Math.max(
                                        last == null ? 1 : last.revision() + 1,
                                        leastRevision.applyAsInt(finding));
                        next = new Alerted<>(finding, revision, false);
                        send.add(next);
                    }
                    now.put(id, next);
                });
        previous.forEach(
                (id, last) -> {
                    Alerted<F> next = last;
                    if (!last.withdrawn() && revisable.test(last.finding())) {
                        next = new Alerted<>(last.finding(), last.revision() + 1, true);
                        send.add(next);
                    }
                    now.put(id, next);
                });
        return new ArrayList<>(now.values());
    }
}

package io.lodestone.revision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a judgement sends, on findings "id=value" (the value is the evidence) and a least revision
 * from the value's length.
 */
class RevisionsTest {

    private final Revisions<String> revisions =
            new Revisions<>(f -> f.split("=")[0], String::equals, f -> f.length() > 6 ? 5 : 1);

    private static List<String> lines(List<Alerted<String>> alerted) {
        return alerted.stream()
                .map(a -> a.finding() + " r" + a.revision() + (a.withdrawn() ? " withdrawn" : ""))
                .toList();
    }

    @Test
    void newChangedGoneAndUnchangedFindings() {
        List<Alerted<String>> before =
                List.of(
                        new Alerted<>("a=1", 1, false),
                        new Alerted<>("b=1", 2, false),
                        new Alerted<>("c=1", 1, false),
                        new Alerted<>("final=1", 1, false),
                        new Alerted<>("d=1", 3, true));
        List<Alerted<String>> send = new ArrayList<>();
        List<Alerted<String>> after =
                revisions.revise(
                        before,
                        List.of("a=1", "b=2", "e=1", "b=3", "d=1"),
                        f -> true,
                        f -> !f.startsWith("final"),
                        send);
        assertThat(lines(send))
                .containsExactly(
                        "b=3 r3", // changed: the last finding of an id counts
                        "e=1 r1", // new
                        "d=1 r4", // found again after it was withdrawn
                        "c=1 r2 withdrawn"); // gone, from a month judged again
        assertThat(lines(after))
                .containsExactlyInAnyOrder(
                        "a=1 r1", "b=3 r3", "e=1 r1", "d=1 r4", "c=1 r2 withdrawn", "final=1 r1");
    }

    @Test
    void aFindingsAlertHasAtLeastItsOwnRevision() {
        List<Alerted<String>> send = new ArrayList<>();
        revisions.revise(
                List.of(new Alerted<>("a=1", 1, false)),
                List.of("a=12345"),
                f -> true,
                f -> true,
                send);
        assertThat(lines(send)).containsExactly("a=12345 r5");
    }

    @Test
    void findingsOfMonthsJudgedForTheFirstTimeAreEachSentInOrder() {
        List<Alerted<String>> send = new ArrayList<>();
        List<Alerted<String>> after =
                revisions.revise(
                        List.of(new Alerted<>("a=1", 1, false)),
                        // months judged again: a=2, a=3; then a new month: a=4 and b=1
                        List.of("a=2", "a=3", "b=1", "a=4"),
                        f -> f.equals("a=2") || f.equals("a=3"),
                        f -> true,
                        send);
        assertThat(lines(send))
                .as("a judged again is superseded by its finding of the new month")
                .containsExactly("b=1 r1", "a=4 r2");
        assertThat(lines(after)).containsExactlyInAnyOrder("a=4 r2", "b=1 r1");
    }
}

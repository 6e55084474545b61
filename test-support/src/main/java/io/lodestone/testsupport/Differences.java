package io.lodestone.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * What differs between two keyed outputs, a line per key in key order: {@code missing}, {@code
 * extra} or {@code changed}. A failure message that a summary can show, unlike a dump of two maps
 * of thousands of entries.
 */
public final class Differences {

    private Differences() {}

    /** {@link #between(Map, Map, BiPredicate, Function, int)} by {@code equals}, values as text. */
    public static <V> List<String> between(
            Map<String, V> expected, Map<String, V> actual, int most) {
        return between(expected, actual, Objects::equals, String::valueOf, most);
    }

    /**
     * The keys on one side only or whose values are not the {@code same}, each value shown by
     * {@code show}: the first {@code most}, then how many more.
     */
    public static <V> List<String> between(
            Map<String, V> expected,
            Map<String, V> actual,
            BiPredicate<V, V> same,
            Function<V, String> show,
            int most) {
        List<String> lines = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            V was = expected.get(key);
            V now = actual.get(key);
            if (now == null) {
                lines.add("missing " + key + " = " + show.apply(was));
            } else if (was == null) {
                lines.add("extra " + key + " = " + show.apply(now));
            } else if (!same.test(was, now)) {
                lines.add("changed " + key + ": " + show.apply(was) + " became " + show.apply(now));
            }
        }
        if (lines.size() > most) {
            String more = "… " + (lines.size() - most) + " more";
            lines.subList(most, lines.size()).clear();
            lines.add(more);
        }
        return lines;
    }
}

package io.lodestone.reference;

import java.util.Map;
import java.util.Optional;

/** HS code prefixes → values; a code takes the value of its longest listed prefix. */
final class PrefixTable<V> {

    private final Map<String, V> byPrefix;
    private final int longestPrefix;

    PrefixTable(Map<String, V> byPrefix) {
        this.byPrefix = Map.copyOf(byPrefix);
        this.longestPrefix = byPrefix.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    /** The value of the longest listed prefix of {@code hsCode}, if any. */
    Optional<V> longest(String hsCode) {
        return longestPrefix(hsCode).map(byPrefix::get);
    }

    /** The longest listed prefix of {@code hsCode}, if any. */
    Optional<String> longestPrefix(String hsCode) {
        for (int length = Math.min(hsCode.length(), longestPrefix); length >= 2; length--) {
            String prefix = hsCode.substring(0, length);
            if (byPrefix.containsKey(prefix)) {
                return Optional.of(prefix);
            }
        }
        return Optional.empty();
    }

    /** A listed prefix that starts with {@code prefix} (is it or lies under it), if any. */
    Optional<String> under(String prefix) {
        return byPrefix.keySet().stream().filter(p -> p.startsWith(prefix)).sorted().findFirst();
    }

    Map<String, V> entries() {
        return byPrefix;
    }
}

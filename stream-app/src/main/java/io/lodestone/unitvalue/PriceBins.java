package io.lodestone.unitvalue;

import java.util.Map;
import java.util.TreeMap;

/**
 * The unit values of one HS code's declarations in one month, as counts of log(USD per kg) in bins
 * 1% wide, per origin: what a band needs of a month, in a few hundred bytes however many
 * declarations it had. {@code byOrigin}: origin → bin → count.
 */
public record PriceBins(Map<String, Map<Integer, Integer>> byOrigin) {

    /** Bin width in log(USD per kg): 1%, far below any band's width. */
    static final double WIDTH = 0.01;

    public static PriceBins empty() {
        return new PriceBins(new TreeMap<>());
    }

    /** The bin of a unit value. */
    static int bin(double usdPerKg) {
        return (int) Math.round(Math.log(usdPerKg) / WIDTH);
    }

    /** The log unit value at the middle of {@code bin}. */
    static double logValue(int bin) {
        return bin * WIDTH;
    }

    /** These bins with {@code count} (1: counted, -1: taken back) declarations of {@code d}. */
    public PriceBins with(Declaration d, int count) {
        Map<String, Map<Integer, Integer>> next = new TreeMap<>();
        byOrigin.forEach((origin, bins) -> next.put(origin, new TreeMap<>(bins)));
        Map<Integer, Integer> bins = next.computeIfAbsent(d.originCountry(), o -> new TreeMap<>());
        int after = bins.getOrDefault(bin(d.usdPerKg()), 0) + count;
        if (after > 0) {
            bins.put(bin(d.usdPerKg()), after);
        } else {
            bins.remove(bin(d.usdPerKg()));
        }
        if (bins.isEmpty()) {
            next.remove(d.originCountry());
        }
        return new PriceBins(next);
    }

    /** Declarations counted, of {@code origin} or (null) of every origin. */
    public int count(String origin) {
        return byOrigin.entrySet().stream()
                .filter(e -> origin == null || e.getKey().equals(origin))
                .flatMap(e -> e.getValue().values().stream())
                .mapToInt(Integer::intValue)
                .sum();
    }

    public boolean isEmpty() {
        return byOrigin.isEmpty();
    }
}

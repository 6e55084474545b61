package io.lodestone.routes;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The key of the route-day store ({@link RouteVolumeAggregator#STORE}): {@code
 * <route>@<yyyy-mm-dd>}, e.g. {@code antimony|CN|CN|TH@2025-01-06}, so one route's days sort
 * together and in date order, and a range of days is a range of keys. Built and parsed here only.
 */
public record RouteDayKey(String route, LocalDate day) {

    private static final char SEPARATOR = '@';

    public String encoded() {
        return route + SEPARATOR + day;
    }

    public static RouteDayKey parse(String key) {
        return new RouteDayKey(routeOf(key), day(key, key.lastIndexOf(SEPARATOR) + 1));
    }

    /**
     * The route part of an encoded key, without reading the day: what the by-route repartition
     * partitions on.
     */
    public static String routeOf(String key) {
        int at = key.lastIndexOf(SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("not a route-day key: '" + key + "'");
        }
        return key.substring(0, at);
    }

    /**
     * The {@code yyyy-mm-dd} from {@code start}: three integer parses, not {@link
     * LocalDate#parse}'s formatter, as the monthly scans parse every key of the store (measured: 4%
     * of the full topology's stream thread in bin/benchmark).
     */
    private static LocalDate day(String key, int start) {
        if (key.length() - start != 10
                || key.charAt(start + 4) != '-'
                || key.charAt(start + 7) != '-') {
            throw new IllegalArgumentException("not a route-day key: '" + key + "'");
        }
        try {
            return LocalDate.of(
                    Integer.parseInt(key, start, start + 4, 10),
                    Integer.parseInt(key, start + 5, start + 7, 10),
                    Integer.parseInt(key, start + 8, start + 10, 10));
        } catch (NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException("not a route-day key: '" + key + "'", e);
        }
    }
}

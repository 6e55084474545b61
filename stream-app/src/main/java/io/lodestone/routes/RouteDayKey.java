package io.lodestone.routes;

import java.time.LocalDate;

/**
 * The key of the route-day store ({@link RouteVolumeAggregator#STORE}): {@code <route>@<yyyy-mm-dd>}, e.g.
 * {@code antimony|CN|CN|TH@2025-01-06}, so one route's days sort together and in date order, and a range of days is a
 * range of keys. Built and parsed here only.
 */
public record RouteDayKey(String route, LocalDate day) {

    private static final char SEPARATOR = '@';

    public String encoded() {
        return route + SEPARATOR + day;
    }

    public static RouteDayKey parse(String key) {
        int at = key.lastIndexOf(SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("not a route-day key: '" + key + "'");
        }
        return new RouteDayKey(key.substring(0, at), LocalDate.parse(key.substring(at + 1)));
    }
}

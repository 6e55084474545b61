package io.lodestone.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the label sets of per-route metrics: the first {@code limit} distinct routes seen keep
 * their countries; every later route is reported as commodity × "other" so dashboards still add up.
 * The commodity label is always kept (the catalogue bounds it).
 */
public final class RouteLabels {

    /** The labels one route is reported under. */
    public record Labels(
            String commodity, String origin, String exportCountry, String importCountry) {}

    public static final String OTHER = "other";

    private final int limit;
    private final Set<Labels> named = ConcurrentHashMap.newKeySet();

    public RouteLabels(int limit) {
        this.limit = limit;
    }

    public Labels of(String commodity, String origin, String exportCountry, String importCountry) {
        Labels route = new Labels(commodity, origin, exportCountry, importCountry);
        if (named.contains(route) || (named.size() < limit && named.add(route))) {
            return route;
        }
        return new Labels(commodity, OTHER, OTHER, OTHER);
    }
}

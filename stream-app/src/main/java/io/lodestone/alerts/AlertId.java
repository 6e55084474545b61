package io.lodestone.alerts;

/**
 * An alert's id, built here only: its type, then what identifies the finding (a shipment; a route
 * or a restricted pair and the month the change began), joined by {@code ':'}, e.g. {@code
 * REROUTING_SUSPECTED:antimony|CN|US:2024-12}. The same finding always gets the same id, so a
 * replay or a restart never makes a second alert, and an episode's monthly updates replace its
 * alert.
 */
public final class AlertId {

    private static final String SEPARATOR = ":";

    private AlertId() {}

    public static String of(AlertType type, String... finding) {
        return type.name() + SEPARATOR + String.join(SEPARATOR, finding);
    }
}

package io.lodestone.routechange;

import io.lodestone.alerts.AlertId;

/**
 * A surge or collapse as last alerted: the revision it was sent as, and whether that revision
 * withdrew it (a late shipment made the finding vanish).
 */
public record AlertedChange(RouteChange change, int revision, boolean withdrawn) {

    String alertId(String route) {
        return alertId(route, change);
    }

    static String alertId(String route, RouteChange change) {
        return AlertId.of(change.type(), route, change.changeMonth());
    }
}

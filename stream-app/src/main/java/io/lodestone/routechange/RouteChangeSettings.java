package io.lodestone.routechange;

import java.time.Duration;

/**
 * The settings of the route judge ({@link RouteChangeDetector}, {@link RouteChangeJudge}):
 * VOLUME_SURGE and VOLUME_COLLAPSE. From configuration: {@code rerouting.surge.ratio}, {@code
 * rerouting.collapse.ratio}, {@code rerouting.significance}, {@code rerouting.judge.delay} (README,
 * "Configuration"); {@code lateness}: how far behind the watermark a shipment may still be counted
 * (a day's window plus {@code window.grace}), so how long a judged month may still be revised.
 */
public record RouteChangeSettings(
        double surgeRatio,
        double collapseRatio,
        double significance,
        Duration delay,
        Duration lateness) {}

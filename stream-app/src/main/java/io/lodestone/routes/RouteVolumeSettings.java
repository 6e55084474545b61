package io.lodestone.routes;

import java.time.Duration;

/**
 * The settings of the route-day totals ({@link RouteVolumeAggregator}): how long (event time,
 * before the watermark) a day is kept, updatable and queryable ({@code route.volume.retention}),
 * and after how long without input an input partition stops holding the watermark back ({@code
 * watermark.idle.timeout}).
 */
public record RouteVolumeSettings(Duration retention, Duration idleTimeout) {}

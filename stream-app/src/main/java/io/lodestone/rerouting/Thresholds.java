package io.lodestone.rerouting;

import java.time.Duration;

/**
 * The rerouting detectors' settings, from configuration (README, "Configuration"; docs/detection-quality.md
 * says how each was chosen). Materiality is per commodity, in reference data.
 */
public record Thresholds(double surgeRatio, double collapseRatio, Duration delay, double hubFallRatio, double hubRiseRatio,
                         double significance, double eventSignificance, double hubSignificance) {

    /** The longest baseline: a year, so a seasonal month is judged against a whole cycle. */
    public static final int BASELINE_MONTHS = 12;
    /** The shortest baseline a change is judged against. */
    public static final int MIN_BASELINE_MONTHS = 3;
    /** How many recent months a change may have started in, for a change without a known date. */
    public static final int CHANGE_MONTHS = 6;
    /** How long an episode of rerouting is followed and its alert updated. */
    public static final int EPISODE_MONTHS = 12;
    /** How many months the onward leg through a hub may lag the leg into it. */
    public static final int MAX_LAG_MONTHS = 2;
}

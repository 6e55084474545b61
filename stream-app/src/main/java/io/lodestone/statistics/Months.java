package io.lodestone.statistics;

/**
 * How many months the monthly judgements look at; fixed by design (docs/detection-quality.md says
 * why), not settings.
 */
public final class Months {

    /** The longest baseline: a year, so a seasonal month is judged against a whole cycle. */
    public static final int BASELINE = 12;

    /** The shortest baseline a change is judged against. */
    public static final int MIN_BASELINE = 3;

    /** How many recent months a change may have started in, for a change without a known date. */
    public static final int CHANGE = 6;

    /** How long an episode of rerouting is followed and its alert updated. */
    public static final int EPISODE = 12;

    /** How many months the onward leg through a hub may lag the leg into it. */
    public static final int MAX_LAG = 2;

    private Months() {}
}

package io.lodestone.statistics;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

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

    /**
     * A change this few months before a control list's date, or at it, is the listed event itself
     * (a quiet month before it, or trade that anticipated it): the event study from the date judges
     * it.
     */
    public static final int NEAR_DATE = 3;

    /** How many months the onward leg through a hub may lag the leg into it. */
    public static final int MAX_LAG = 2;

    private Months() {}

    /** The instant {@code month} begins (UTC). */
    public static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The instant {@code month} ends (UTC): the next one's start. */
    public static Instant end(YearMonth month) {
        return start(month.plusMonths(1));
    }
}

package io.lodestone.unitvalue;

import java.time.Duration;

/**
 * How the unit-value judge works. {@code k}: how many spreads from its band's median a declaration
 * is out of band; {@code minHistory}: declarations of a code in the 12 months before a month that
 * it needs to be judged at all; {@code originHistory}: those of one origin that give the origin its
 * own band; {@code halfLifeMonths}: how fast an older month's prices count less; {@code minSpread}:
 * the narrowest spread (log USD per kg) a band has, so a contract price repeated to the cent does
 * not make every other price an anomaly; {@code delay}: how long after a month's end it is judged;
 * {@code lateness}: how late a declaration may still come (a month is final after its end plus
 * that); {@code idleTimeout}: as the other watermarked stages.
 */
public record UnitValueSettings(
        double k,
        int minHistory,
        int originHistory,
        double halfLifeMonths,
        double minSpread,
        Duration delay,
        Duration lateness,
        Duration idleTimeout) {}

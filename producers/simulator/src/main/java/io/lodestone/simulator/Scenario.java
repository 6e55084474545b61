package io.lodestone.simulator;

import java.time.LocalDate;

/**
 * The storylines the simulator can switch on. Each changes a few flows from {@code turningPoint}
 * on; everything else stays a steady seasonal baseline.
 */
public enum Scenario {
    /**
     * China→US antimony stops; China→Thailand/Mexico and Thailand/Mexico→US surge; one Thai trader
     * re-exports.
     */
    ANTIMONY_DIVERSION,
    /** Germanium from China falls ~95% to every destination, with no hub taking it up. */
    GERMANIUM_COLLAPSE,
    /**
     * Rare-earth magnets to the US: a near-zero month, then a jump under temporary licences (a base
     * effect).
     */
    MAGNET_BASE_EFFECT,
    /** Steady seasonal flows only. */
    BENIGN_SEASONAL;

    public String cliName() {
        return name().toLowerCase().replace('_', '-');
    }

    static boolean after(LocalDate day, LocalDate turningPoint) {
        return !day.isBefore(turningPoint);
    }
}

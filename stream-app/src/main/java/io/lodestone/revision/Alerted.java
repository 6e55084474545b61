package io.lodestone.revision;

/**
 * A finding as last alerted: the revision it was sent as, and whether that revision withdrew it
 * (late data made it vanish). {@code F} is the judge's own finding type, from which it builds the
 * alert.
 */
public record Alerted<F>(F finding, int revision, boolean withdrawn) {}

package io.lodestone.rerouting;

import java.time.Duration;

/**
 * The settings of the transshipment chain judge ({@link TransshipmentChainDetector}): how long
 * after its inbound leg an outbound leg counts ({@code rerouting.chain.window}), how far its weight
 * may differ ({@code rerouting.chain.tolerance}, a fraction), how late a leg may still arrive (its
 * day plus {@code window.grace}: an outbound leg is judged again that long, as earlier inbound legs
 * come), how long past an outbound leg it is first judged ({@code judgeAfter}, at most the
 * lateness), and after how long without input an input partition stops holding the watermark back
 * ({@code watermark.idle.timeout}).
 */
public record ChainSettings(
        Duration window,
        double tolerance,
        Duration lateness,
        Duration judgeAfter,
        Duration idleTimeout) {}

package io.lodestone.rerouting;

import io.lodestone.substitution.SubstitutionFlowJudge;
import java.time.Duration;

/**
 * The settings of the hub judge ({@link HubReroutingDetector}, {@link HubReroutingJudge}):
 * REROUTING_SUSPECTED, and VOLUME_COLLAPSE of a restricted pair's direct flow from its date. From
 * configuration: {@code rerouting.hub.fall.ratio}, {@code rerouting.collapse.ratio}, {@code
 * rerouting.hub.rise.ratio}, {@code rerouting.significance} (a change point found in the data),
 * {@code rerouting.event.significance} (from the control list's date), {@code
 * rerouting.hub.significance} (a hub's two legs combined), {@code rerouting.judge.delay}; {@code
 * lateness}: how far behind the watermark a shipment may still be counted (a day's window plus
 * {@code window.grace}), so how long a judged month may still be revised.
 */
public record HubReroutingSettings(
        double fallRatio,
        double collapseRatio,
        double riseRatio,
        double significance,
        double eventSignificance,
        double hubSignificance,
        Duration delay,
        Duration lateness) {

    /**
     * The substitution judge's settings, from the same options: a controlled code's fall and a
     * watch code's rise are judged as a diversion's direct fall and a hub's legs are.
     */
    public SubstitutionFlowJudge.Settings substitution() {
        return new SubstitutionFlowJudge.Settings(
                fallRatio, riseRatio, hubSignificance, eventSignificance, significance);
    }
}

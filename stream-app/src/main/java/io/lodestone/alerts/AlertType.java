package io.lodestone.alerts;

/** Every kind of finding Lodestone reports; the README's alert catalogue explains each. */
public enum AlertType {
    UNLICENSED_EXPORT,
    LICENSE_NOT_VALID,
    LICENSE_SCOPE_VIOLATION,
    LICENSE_QUOTA_EXCEEDED,
    ORIGIN_REEXPORT,
    REROUTING_SUSPECTED,
    VOLUME_SURGE,
    VOLUME_COLLAPSE,
    TRANSSHIPMENT_CHAIN,
    UNIT_VALUE_ANOMALY,
    HS_SUBSTITUTION_SUSPECTED
}

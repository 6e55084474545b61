package io.lodestone.licensing;

import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.Detail;
import io.lodestone.alerts.Evidence;
import io.lodestone.avro.EndUse;
import io.lodestone.avro.License;
import io.lodestone.avro.LicenseStatus;
import io.lodestone.avro.Severity;
import io.lodestone.reference.CommodityCatalogue;
import io.lodestone.reference.CompanyNames;
import io.lodestone.state.ShipmentFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The licence rules, as functions of a shipment, the licence revision in force at its time (null:
 * none) and the licence's usage so far: does the licence exist, is it valid then, does the shipment
 * fall in its scope, and does it push the licence past its quantity limit. No state: {@link
 * LicenceJudge} applies them and keeps what they need.
 */
final class LicenceRules {

    private final CommodityCatalogue catalogue;

    LicenceRules(CommodityCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * What the rules find about a shipment under the licence revision in force (null: none): its
     * findings, and whether it uses the licence's quota (it does when the licence was valid).
     */
    record Judgement(List<LicenceFinding> findings, boolean usesQuota) {}

    /**
     * A licence's usage after a shipment, and the finding when it took it past its limit (or null).
     */
    record Quota(LicenceUsage usage, LicenceFinding exceeded) {}

    Judgement judge(String licenseId, ShipmentFacts s, License l) {
        String commodity = catalogue.commodityOf(s.hsCode()).orElseThrow();
        if (l == null) {
            return new Judgement(
                    List.of(
                            new LicenceFinding(
                                    AlertType.UNLICENSED_EXPORT,
                                    Severity.CRITICAL,
                                    shipped(s, commodity)
                                            + String.format(
                                                    " by %s cites licence %s, which did not exist"
                                                            + " at %s.",
                                                    s.exporterName(), licenseId, s.eventTime()),
                                    Map.of(Evidence.NET_WEIGHT_KG.key(), s.netWeightKg()),
                                    Map.of(Detail.CITED_LICENSE_ID.key(), licenseId))),
                    false);
        }
        Map<String, String> facts = facts(l);
        Map<String, Double> figures = figures(s, l);

        String invalidity = invalidity(l, s.eventTime());
        if (invalidity != null) {
            boolean withdrawn =
                    l.getStatus() == LicenseStatus.REVOKED
                            || l.getStatus() == LicenseStatus.SUSPENDED;
            return new Judgement(
                    List.of(
                            new LicenceFinding(
                                    AlertType.LICENSE_NOT_VALID,
                                    withdrawn ? Severity.CRITICAL : Severity.WARNING,
                                    shipped(s, commodity)
                                            + String.format(
                                                    " under licence %s (revision %d), which was"
                                                            + " %s.",
                                                    licenseId, l.getRevision(), invalidity),
                                    figures,
                                    facts)),
                    false);
        }

        List<String> outOfScope = scopeViolations(l, s);
        if (outOfScope.isEmpty()) {
            return new Judgement(List.of(), true);
        }
        boolean military =
                s.endUse() == EndUse.MILITARY
                        && !l.getPermittedEndUses().contains(EndUse.MILITARY.name());
        Map<String, String> details = new LinkedHashMap<>(facts);
        Detail.VIOLATIONS.put(details, String.join("; ", outOfScope));
        return new Judgement(
                List.of(
                        new LicenceFinding(
                                AlertType.LICENSE_SCOPE_VIOLATION,
                                military ? Severity.CRITICAL : Severity.WARNING,
                                shipped(s, commodity)
                                        + String.format(
                                                " outside the scope of licence %s: %s.",
                                                licenseId, String.join("; ", outOfScope)),
                                figures,
                                details)),
                true);
    }

    /**
     * The licence's usage with {@code s} (under the valid revision {@code l}) added to it {@code
     * before}, and the finding when that takes it past the revision's limit for the first time.
     */
    Quota quota(String licenseId, ShipmentFacts s, License l, LicenceUsage before) {
        double shipped = LicenceUsage.onGrid(before.shippedKg() + s.netWeightKg());
        double reported = before.reportedLimitKg();
        Double limit = l.getQuantityLimitKg();
        if (limit == null || shipped <= limit || Double.compare(reported, limit) == 0) {
            return new Quota(new LicenceUsage(shipped, reported), null);
        }
        Map<String, Double> quota = figures(s, l);
        Evidence.QUANTITY_LIMIT_KG.put(quota, limit);
        Evidence.CUMULATIVE_KG.put(quota, shipped);
        Evidence.OVERSHOOT_KG.put(quota, shipped - limit);
        return new Quota(
                new LicenceUsage(shipped, limit),
                new LicenceFinding(
                        AlertType.LICENSE_QUOTA_EXCEEDED,
                        Severity.WARNING,
                        String.format(
                                "%s takes licence %s past its %,.0f kg limit by %,.0f kg (%,.0f"
                                        + " kg shipped under it).",
                                s.shipmentId(), licenseId, limit, shipped - limit, shipped),
                        quota,
                        facts(l)));
    }

    private static Map<String, Double> figures(ShipmentFacts s, License l) {
        Map<String, Double> figures = new LinkedHashMap<>();
        Evidence.NET_WEIGHT_KG.put(figures, s.netWeightKg());
        Evidence.LICENSE_REVISION.put(figures, (double) l.getRevision());
        return figures;
    }

    /** Why the licence was not valid at {@code time}, or null when it was. */
    private static String invalidity(License l, Instant time) {
        return switch (l.getStatus()) {
            case REVOKED -> "revoked at " + l.getEventTime();
            case SUSPENDED -> "suspended at " + l.getEventTime();
            case EXPIRED -> "expired at " + l.getEventTime();
            case GRANTED, AMENDED ->
                    time.isBefore(l.getValidFrom())
                            ? "not valid until " + l.getValidFrom()
                            : !time.isBefore(l.getValidTo())
                                    ? "valid only until " + l.getValidTo()
                                    : null;
        };
    }

    private static List<String> scopeViolations(License l, ShipmentFacts s) {
        List<String> violations = new ArrayList<>();
        if (!l.getIssuingCountry().equals(s.exportCountry())) {
            violations.add(
                    "issued by "
                            + l.getIssuingCountry()
                            + ", not the exporting country "
                            + s.exportCountry());
        }
        if (l.getHsCodes().stream().noneMatch(s.hsCode()::startsWith)) {
            violations.add("HS code " + s.hsCode() + " not covered " + l.getHsCodes());
        }
        if (!l.getPermittedDestinations().contains(s.importCountry())) {
            violations.add(
                    "destination "
                            + s.importCountry()
                            + " not permitted "
                            + l.getPermittedDestinations());
        }
        if (l.getExporterId() != null && !l.getExporterId().equals(s.exporterId())) {
            violations.add(
                    "exporter " + s.exporterId() + " is not the licensee " + l.getExporterId());
        }
        String endUser = s.endUserName() != null ? s.endUserName() : s.consigneeName();
        if (!l.getPermittedEndUsers().isEmpty()
                && l.getPermittedEndUsers().stream()
                        .noneMatch(
                                permitted ->
                                        CompanyNames.normalise(permitted)
                                                .equals(CompanyNames.normalise(endUser)))) {
            violations.add("end user '" + endUser + "' not permitted " + l.getPermittedEndUsers());
        }
        boolean endUsePermitted =
                l.getPermittedEndUses().isEmpty()
                        ? s.endUse() != EndUse.MILITARY
                        : l.getPermittedEndUses().contains(s.endUse().name());
        if (!endUsePermitted) {
            violations.add("end use " + s.endUse() + " not permitted");
        }
        return violations;
    }

    private static Map<String, String> facts(License l) {
        Map<String, String> facts = new LinkedHashMap<>();
        Detail.LICENSE_STATUS.put(facts, l.getStatus().name());
        Detail.LICENSE_TYPE.put(facts, l.getLicenseType().name());
        Detail.VALID_FROM.put(facts, l.getValidFrom().toString());
        Detail.VALID_TO.put(facts, l.getValidTo().toString());
        Detail.HS_CODES.put(facts, String.join(",", l.getHsCodes()));
        Detail.PERMITTED_DESTINATIONS.put(facts, String.join(",", l.getPermittedDestinations()));
        Detail.PERMITTED_END_USERS.put(facts, String.join(",", l.getPermittedEndUsers()));
        return facts;
    }

    /** How a finding's summary starts, e.g. "SHP-1: 1.0 t of antimony exported CN→TH". */
    private static String shipped(ShipmentFacts s, String commodity) {
        return String.format(
                "%s: %s of %s exported %s→%s",
                s.shipmentId(),
                tonnes(s.netWeightKg()),
                commodity,
                s.exportCountry(),
                s.importCountry());
    }

    private static String tonnes(double kg) {
        return String.format("%,.1f t", kg / 1000);
    }
}

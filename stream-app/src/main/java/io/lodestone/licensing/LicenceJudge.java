package io.lodestone.licensing;

import io.lodestone.alerts.AlertType;
import io.lodestone.alerts.Detail;
import io.lodestone.alerts.Evidence;
import io.lodestone.alerts.ShipmentAlerts;
import io.lodestone.avro.Alert;
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
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Judges a shipment against the licence revision in force at its event time: does the licence
 * exist, is it valid then, does the shipment fall in its scope, and does it push the licence past
 * its quantity limit. Quantities live in a store keyed by licenseId (input is partitioned by
 * licenseId), changed in the same exactly-once transaction as the input offsets: never double
 * counted. Only shipments under a licence valid at their time use its quota.
 */
final class LicenceJudge implements FixedKeyProcessor<String, ShipmentUnderLicence, Alert> {

    static final String USAGE_STORE = "licence-usage";

    private final CommodityCatalogue catalogue;
    private FixedKeyProcessorContext<String, Alert> context;
    private KeyValueStore<String, LicenceUsage> usage;

    LicenceJudge(CommodityCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Alert> context) {
        this.context = context;
        this.usage = context.getStateStore(USAGE_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, ShipmentUnderLicence> record) {
        String licenseId = record.key();
        LicenceUsage before = usage.get(licenseId);
        Judgement judgement =
                judge(
                        licenseId,
                        record.value().shipment(),
                        record.value().licence(),
                        before == null ? LicenceUsage.NONE : before);
        if (judgement.usage() != null) {
            usage.put(licenseId, judgement.usage());
        }
        for (Alert alert : judgement.alerts()) {
            context.forward(record.withValue(alert));
        }
    }

    /**
     * What a shipment under a licence gives: its alerts, and the licence's usage after it (null:
     * unchanged).
     */
    record Judgement(List<Alert> alerts, LicenceUsage usage) {}

    /**
     * The rules, as a function of the shipment, the licence revision in force (null: none) and the
     * usage so far.
     */
    Judgement judge(String licenseId, ShipmentFacts s, License l, LicenceUsage before) {
        String commodity = catalogue.commodityOf(s.hsCode()).orElseThrow();
        if (l == null) {
            return new Judgement(
                    List.of(
                            ShipmentAlerts.of(
                                    AlertType.UNLICENSED_EXPORT,
                                    Severity.CRITICAL,
                                    commodity,
                                    s,
                                    licenseId,
                                    String.format(
                                            "%s: %s of %s exported %s→%s by %s cites licence %s,"
                                                    + " which did not exist at %s.",
                                            s.shipmentId(),
                                            tonnes(s.netWeightKg()),
                                            commodity,
                                            s.exportCountry(),
                                            s.importCountry(),
                                            s.exporterName(),
                                            licenseId,
                                            s.eventTime()),
                                    Map.of(Evidence.NET_WEIGHT_KG.key(), s.netWeightKg()),
                                    Map.of(Detail.CITED_LICENSE_ID.key(), licenseId))),
                    null);
        }
        Map<String, String> facts = facts(l);
        Map<String, Double> figures = new LinkedHashMap<>();
        Evidence.NET_WEIGHT_KG.put(figures, s.netWeightKg());
        Evidence.LICENSE_REVISION.put(figures, (double) l.getRevision());

        String invalidity = invalidity(l, s.eventTime());
        if (invalidity != null) {
            boolean withdrawn =
                    l.getStatus() == LicenseStatus.REVOKED
                            || l.getStatus() == LicenseStatus.SUSPENDED;
            return new Judgement(
                    List.of(
                            ShipmentAlerts.of(
                                    AlertType.LICENSE_NOT_VALID,
                                    withdrawn ? Severity.CRITICAL : Severity.WARNING,
                                    commodity,
                                    s,
                                    licenseId,
                                    String.format(
                                            "%s: %s of %s exported %s→%s under licence %s (revision"
                                                    + " %d), which was %s.",
                                            s.shipmentId(),
                                            tonnes(s.netWeightKg()),
                                            commodity,
                                            s.exportCountry(),
                                            s.importCountry(),
                                            licenseId,
                                            l.getRevision(),
                                            invalidity),
                                    figures,
                                    facts)),
                    null);
        }

        List<Alert> alerts = new ArrayList<>();
        List<String> outOfScope = scopeViolations(l, s);
        if (!outOfScope.isEmpty()) {
            boolean military =
                    s.endUse() == EndUse.MILITARY
                            && !l.getPermittedEndUses().contains(EndUse.MILITARY.name());
            Map<String, String> details = new LinkedHashMap<>(facts);
            Detail.VIOLATIONS.put(details, String.join("; ", outOfScope));
            alerts.add(
                    ShipmentAlerts.of(
                            AlertType.LICENSE_SCOPE_VIOLATION,
                            military ? Severity.CRITICAL : Severity.WARNING,
                            commodity,
                            s,
                            licenseId,
                            String.format(
                                    "%s: %s of %s exported %s→%s outside the scope of licence %s:"
                                            + " %s.",
                                    s.shipmentId(),
                                    tonnes(s.netWeightKg()),
                                    commodity,
                                    s.exportCountry(),
                                    s.importCountry(),
                                    licenseId,
                                    String.join("; ", outOfScope)),
                            figures,
                            details));
        }

        double shipped = before.shippedKg() + s.netWeightKg();
        double reported = before.reportedLimitKg();
        Double limit = l.getQuantityLimitKg();
        if (limit != null && shipped > limit && Double.compare(reported, limit) != 0) {
            reported = limit;
            Map<String, Double> quota = new LinkedHashMap<>(figures);
            Evidence.QUANTITY_LIMIT_KG.put(quota, limit);
            Evidence.CUMULATIVE_KG.put(quota, shipped);
            Evidence.OVERSHOOT_KG.put(quota, shipped - limit);
            alerts.add(
                    ShipmentAlerts.of(
                            AlertType.LICENSE_QUOTA_EXCEEDED,
                            Severity.WARNING,
                            commodity,
                            s,
                            licenseId,
                            String.format(
                                    "%s takes licence %s past its %,.0f kg limit by %,.0f kg (%,.0f"
                                            + " kg shipped under it).",
                                    s.shipmentId(), licenseId, limit, shipped - limit, shipped),
                            quota,
                            facts));
        }
        return new Judgement(alerts, new LicenceUsage(shipped, reported));
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

    private static String tonnes(double kg) {
        return String.format("%,.1f t", kg / 1000);
    }
}

package io.lodestone.licensing;

import io.lodestone.alerts.Detail;
import io.lodestone.avro.Alert;
import io.lodestone.avro.License;
import io.lodestone.reference.CommodityCatalogue;
import io.lodestone.revision.Alerted;
import io.lodestone.revision.Revisions;
import io.lodestone.state.ShipmentFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.apache.kafka.streams.state.VersionedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges each shipment under a licence by {@link LicenceRules}, against the licence revision in
 * force at its event time, and keeps what the rules need: the licence's usage in a store keyed by
 * licenseId (input is partitioned by licenseId), changed in the same exactly-once transaction as
 * the input offsets: never double counted. Only shipments under a licence valid at their time use
 * its quota.
 *
 * <p>A judgement stays open for {@code revisionWindow} after the shipment's time (or after it was
 * judged, when that is later): a licence revision that arrives meanwhile and was in force at the
 * shipment's time judges it again, and its alerts are revised through {@link Revisions}, withdrawn
 * when the revision clears them. The licence table's store is written before this processor sees a
 * revision (the table is the first consumer of the licence stream), so a lookup finds it.
 */
final class LicenceJudge implements Processor<String, LicenceEvent, String, Alert> {

    static final String USAGE_STORE = "licence-usage";

    /**
     * The licences whose quota use changed since their quota was last walked: walked every {@link
     * #QUOTA_INTERVAL} of wall-clock time, so a replay that brings a licence's shipments out of
     * event-time order walks it once it has them, not once per shipment.
     */
    static final String QUOTA_PENDING_STORE = "licence-quota-pending";

    /** How often (wall clock) the licences whose quota use changed are walked. */
    static final Duration QUOTA_INTERVAL = Duration.ofSeconds(5);

    /** Per licence, the quota crossings alerted whose shipment's judgement is still open. */
    static final String CROSSINGS_STORE = "licence-quota-crossings";

    /**
     * A shipment that takes its licence past {@code limitKg}, as the event-time walk found it, and
     * what its alert says.
     */
    record QuotaCrossing(ShipmentFacts shipment, double limitKg, LicenceFinding finding) {}

    /** How often (stream time) judgements past their window are forgotten. */
    static final Duration CLOSE_INTERVAL = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger(LicenceJudge.class);

    private final CommodityCatalogue catalogue;
    private final LicenceRules rules;
    private final Duration revisionWindow;
    private final Revisions<LicenceFinding> revisions =
            new Revisions<>(f -> f.type().name(), LicenceFinding::equals, f -> 1);
    private final Revisions<QuotaCrossing> quotaRevisions =
            new Revisions<>(c -> c.shipment().shipmentId(), QuotaCrossing::equals, c -> 1);
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, LicenceUsage> usage;
    private VersionedKeyValueStore<String, License> versions;
    private JudgedShipments judged;
    private KeyValueStore<String, List<Alerted<QuotaCrossing>>> crossings;
    private KeyValueStore<String, String> quotaPending;

    LicenceJudge(CommodityCatalogue catalogue, Duration revisionWindow) {
        this.catalogue = catalogue;
        this.rules = new LicenceRules(catalogue);
        this.revisionWindow = revisionWindow;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.usage = context.getStateStore(USAGE_STORE);
        this.versions = context.getStateStore(LicenceVersions.STORE);
        this.judged = new JudgedShipments(context.getStateStore(JudgedShipments.STORE));
        this.crossings = context.getStateStore(CROSSINGS_STORE);
        this.quotaPending = context.getStateStore(QUOTA_PENDING_STORE);
        context.schedule(CLOSE_INTERVAL, PunctuationType.STREAM_TIME, this::close);
        context.schedule(QUOTA_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> judgeQuotas());
    }

    @Override
    public void process(Record<String, LicenceEvent> record) {
        if (record.value() instanceof ShipmentUnderLicence s) {
            judgeShipment(record, s.shipment(), s.licence());
        } else if (record.value() instanceof LicenceEvent.Revision r) {
            reviseShipmentsUnder(record, r.licence());
        }
    }

    private void judgeShipment(Record<String, LicenceEvent> record, ShipmentFacts s, License l) {
        String licenseId = record.key();
        LicenceRules.Judgement judgement = rules.judge(licenseId, s, l);
        JudgedShipment amended = judged.get(licenseId, s.shipmentId());
        List<Alerted<LicenceFinding>> send = new ArrayList<>();
        List<Alerted<LicenceFinding>> alerted;
        if (amended == null) {
            judgement.findings().forEach(f -> send.add(new Alerted<>(f, 1, false)));
            alerted = send;
        } else {
            // an amendment of the shipment: its findings revise the earlier revision's
            alerted =
                    revisions.revise(
                            amended.alerted(), judgement.findings(), f -> true, f -> true, send);
            if (amended.usesQuota()) {
                release(licenseId, amended.shipment());
            }
        }
        send(
                record,
                s,
                send,
                amended == null
                        ? null
                        : new Withdrawal(
                                amended.shipment(),
                                "amendment of " + s.shipmentId(),
                                "an amendment of the shipment no longer shows this finding."));
        if (judgement.usesQuota()) {
            useQuota(licenseId, s);
        }
        long openUntil =
                Math.max(s.time(), context.currentStreamTimeMs()) + revisionWindow.toMillis();
        judged.put(
                licenseId,
                new JudgedShipment(
                        s, revisionNumber(l), judgement.usesQuota(), openUntil, alerted));
        if (judgement.usesQuota() || (amended != null && amended.usesQuota())) {
            quotaPending.put(record.key(), "");
        }
    }

    /**
     * Judges again the open judgements that {@code arrived} may concern: those of shipments at or
     * after its time whose revision in force is now another one.
     */
    private void reviseShipmentsUnder(Record<String, LicenceEvent> record, License arrived) {
        String licenseId = record.key();
        boolean quotaChanged = false;
        List<String> judgedAgain = new ArrayList<>();
        for (JudgedShipment before : judged.citing(licenseId)) {
            ShipmentFacts s = before.shipment();
            if (arrived.getEventTime().isAfter(s.eventTime())) {
                continue;
            }
            VersionedRecord<License> version = versions.get(licenseId, s.time());
            License inForce = version == null ? null : version.value();
            if (revisionNumber(inForce) == before.licenceRevision()) {
                continue;
            }
            LicenceRules.Judgement judgement = rules.judge(licenseId, s, inForce);
            judgedAgain.add(s.shipmentId());
            List<Alerted<LicenceFinding>> send = new ArrayList<>();
            List<Alerted<LicenceFinding>> after =
                    revisions.revise(
                            before.alerted(), judgement.findings(), f -> true, f -> true, send);
            String clearedBy = licenseId + " revision " + revisionNumber(inForce);
            send(
                    record,
                    s,
                    send,
                    new Withdrawal(
                            s,
                            clearedBy,
                            "licence "
                                    + clearedBy
                                    + ", which arrived after the shipment was judged, was in"
                                    + " force at its time and clears it."));
            if (judgement.usesQuota() && !before.usesQuota()) {
                useQuota(licenseId, s);
            } else if (!judgement.usesQuota() && before.usesQuota()) {
                release(licenseId, s);
            }
            quotaChanged |= judgement.usesQuota() || before.usesQuota();
            judged.put(
                    licenseId,
                    new JudgedShipment(
                            s,
                            revisionNumber(inForce),
                            judgement.usesQuota(),
                            before.openUntilMs(),
                            after));
        }
        if (quotaChanged) {
            quotaPending.put(record.key(), "");
        }
        if (!judgedAgain.isEmpty()) {
            LOG.info(
                    "licence {} revision {} (in force from {}) arrived after {} shipment(s) under"
                            + " it were judged: judged again {}",
                    licenseId,
                    revisionNumber(arrived),
                    arrived.getEventTime(),
                    judgedAgain.size(),
                    judgedAgain.size() <= 5 ? judgedAgain : judgedAgain.subList(0, 5) + " …");
        }
    }

    /**
     * Why findings were withdrawn: the declaration they were about ({@code shipment}), what cleared
     * them ({@code clearedBy}, in the alert's details) and a sentence saying so.
     */
    private record Withdrawal(ShipmentFacts shipment, String clearedBy, String why) {}

    /**
     * Sends each of {@code alerted} as its alert; those withdrawn say {@code withdrawal} (null on a
     * first judgement, which withdraws nothing).
     */
    private void send(
            Record<String, LicenceEvent> record,
            ShipmentFacts s,
            List<Alerted<LicenceFinding>> alerted,
            Withdrawal withdrawal) {
        String commodity = catalogue.commodityOf(s.hsCode()).orElseThrow();
        for (Alerted<LicenceFinding> a : alerted) {
            if (!a.withdrawn()) {
                context.forward(
                        record.withValue(
                                a.stamp(a.finding().alert(s, commodity, record.key()), null)));
                continue;
            }
            Alert alert = a.finding().alert(withdrawal.shipment(), commodity, record.key());
            Map<String, String> details = new LinkedHashMap<>(alert.getDetails());
            Detail.CLEARED_BY.put(details, withdrawal.clearedBy());
            alert.setDetails(details);
            context.forward(record.withValue(a.stamp(alert, withdrawal.why())));
        }
    }

    /** Takes {@code s} out of its licence's usage. */
    private void release(String licenseId, ShipmentFacts s) {
        LicenceUsage used = usage(licenseId);
        usage.put(
                licenseId,
                new LicenceUsage(
                        LicenceUsage.onGrid(used.shippedKg() - s.netWeightKg()),
                        used.reportedLimitKg()));
    }

    /** Adds {@code s} to its licence's usage. */
    private void useQuota(String licenseId, ShipmentFacts s) {
        LicenceUsage used = usage(licenseId);
        usage.put(
                licenseId,
                new LicenceUsage(
                        LicenceUsage.onGrid(used.shippedKg() + s.netWeightKg()),
                        used.reportedLimitKg()));
    }

    private LicenceUsage usage(String licenseId) {
        LicenceUsage used = usage.get(licenseId);
        return used == null ? LicenceUsage.NONE : used;
    }

    /**
     * Walks the licence's open judgements that use its quota in event-time order, from what its
     * closed ones used, and revises its quota alerts to the crossings that walk finds: a late or
     * amended shipment moves a crossing to the shipment that makes it in event-time order (the
     * former crossing's alert withdrawn).
     */
    private void judgeQuota(String licenseId) {
        List<JudgedShipment> open = new ArrayList<>(judged.citing(licenseId));
        open.removeIf(j -> !j.usesQuota());
        open.sort(JudgedShipments.EVENT_ORDER);
        LicenceUsage total = usage(licenseId);
        double openKg = 0;
        for (JudgedShipment j : open) {
            openKg = LicenceUsage.onGrid(openKg + j.shipment().netWeightKg());
        }
        LicenceUsage walk =
                new LicenceUsage(
                        LicenceUsage.onGrid(total.shippedKg() - openKg), total.reportedLimitKg());
        List<QuotaCrossing> found = new ArrayList<>();
        for (JudgedShipment j : open) {
            License l = versions.get(licenseId, j.shipment().time()).value();
            LicenceRules.Quota quota = rules.quota(licenseId, j.shipment(), l, walk);
            walk = quota.usage();
            if (quota.exceeded() != null) {
                found.add(
                        new QuotaCrossing(j.shipment(), walk.reportedLimitKg(), quota.exceeded()));
            }
        }
        List<Alerted<QuotaCrossing>> before = crossings.get(licenseId);
        if (found.isEmpty() && before == null) {
            return;
        }
        List<Alerted<QuotaCrossing>> send = new ArrayList<>();
        crossings.put(
                licenseId,
                quotaRevisions.revise(
                        before == null ? List.of() : before, found, c -> true, c -> true, send));
        for (Alerted<QuotaCrossing> a : send) {
            ShipmentFacts s = a.finding().shipment();
            Alert alert =
                    a.finding()
                            .finding()
                            .alert(s, catalogue.commodityOf(s.hsCode()).orElseThrow(), licenseId);
            context.forward(
                    new Record<>(
                            licenseId,
                            a.stamp(
                                    alert,
                                    "in event-time order another shipment takes the licence past"
                                            + " this limit (a shipment that came late, or an"
                                            + " amendment)."),
                            s.time()));
        }
    }

    /** Walks the quota of every licence whose quota use changed since the last round. */
    private void judgeQuotas() {
        List<String> pending = new ArrayList<>();
        try (KeyValueIterator<String, String> all = quotaPending.all()) {
            all.forEachRemaining(kv -> pending.add(kv.key));
        }
        for (String licenseId : pending) {
            judgeQuota(licenseId);
            quotaPending.delete(licenseId);
        }
    }

    /**
     * Forgets the judgements past their window; what the closed ones used becomes final. The
     * pending quota walks run first, so a crossing among them is alerted before it is final.
     */
    private void close(long streamTimeMs) {
        judgeQuotas();
        Map<String, List<JudgedShipment>> closed = judged.closeBefore(streamTimeMs);
        closed.forEach(
                (licenseId, shipments) -> {
                    List<Alerted<QuotaCrossing>> alerted = crossings.get(licenseId);
                    if (alerted == null) {
                        return;
                    }
                    List<Alerted<QuotaCrossing>> open = new ArrayList<>(alerted);
                    for (JudgedShipment j : shipments) {
                        String id = j.shipment().shipmentId();
                        for (Alerted<QuotaCrossing> a : alerted) {
                            if (a.finding().shipment().shipmentId().equals(id)) {
                                open.remove(a);
                                if (!a.withdrawn()) {
                                    LicenceUsage used = usage(licenseId);
                                    usage.put(
                                            licenseId,
                                            new LicenceUsage(
                                                    used.shippedKg(), a.finding().limitKg()));
                                }
                            }
                        }
                    }
                    if (open.isEmpty()) {
                        crossings.delete(licenseId);
                    } else {
                        crossings.put(licenseId, open);
                    }
                });
        LOG.debug(
                "licence judgements of {} licences closed at {}",
                closed.size(),
                Instant.ofEpochMilli(streamTimeMs));
    }

    private static int revisionNumber(License l) {
        return l == null ? 0 : l.getRevision();
    }
}

package io.lodestone.cases;

import io.lodestone.avro.Alert;
import io.lodestone.avro.Case;
import io.lodestone.avro.CaseDecision;
import io.lodestone.ingest.InvalidRecordException;
import io.lodestone.schemas.dlq.DlqReason;
import io.lodestone.schemas.registry.AvroSerdes;
import io.lodestone.schemas.topics.Topics;
import io.lodestone.state.JsonSerde;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Alerts into cases: the alerts, keyed by their caseId on the case-alerts topic (see {@code
 * AlertSink}), and the analysts' decisions on the case-decisions topic meet on one partition per
 * case. Each case is changed by {@link CaseFile} in a changelogged store, under exactly-once, and
 * written to the cases topic.
 */
public final class CaseTopology {

    public static final String CASES_STORE = "cases";
    static final String CONTRIBUTIONS_STORE = "case-alert-contributions";

    private CaseTopology() {}

    public static void build(StreamsBuilder builder, Topics topics, AvroSerdes serdes) {
        Serde<Case> caseSerde = serdes.lodestoneCase();
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(CASES_STORE), Serdes.String(), caseSerde));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(CONTRIBUTIONS_STORE),
                        Serdes.String(),
                        JsonSerde.of(AlertContribution.class)));
        Produced<String, Case> toCases = Produced.with(Serdes.String(), caseSerde);
        builder.stream(topics.caseAlerts(), Consumed.with(Serdes.String(), serdes.alert()))
                .process(
                        AlertIntoCase::new,
                        Named.as("add-alerts-to-cases"),
                        CASES_STORE,
                        CONTRIBUTIONS_STORE)
                .to(topics.cases(), toCases);
        builder.stream(
                        topics.caseDecisions(),
                        Consumed.with(Serdes.String(), serdes.caseDecision()))
                .process(DecisionOnCase::new, Named.as("apply-case-decisions"), CASES_STORE)
                .to(topics.cases(), toCases);
    }

    /** Where one alert's contribution to its case is kept: {@code <caseId>|<alertId>}. */
    static String contributionKey(String caseId, String alertId) {
        return caseId + "|" + alertId;
    }

    private static final AtomicLong INSTANCES = new AtomicLong();

    private abstract static class CaseProcessor<V> implements Processor<String, V, String, Case> {
        ProcessorContext<String, Case> context;
        KeyValueStore<String, Case> cases;
        String task;

        @Override
        public void init(ProcessorContext<String, Case> context) {
            this.context = context;
            this.cases = context.getStateStore(CASES_STORE);
            // Unique per processor instance: two app instances in one JVM (tests) or a task moving
            // between threads never share counts.
            this.task =
                    context.applicationId()
                            + "/"
                            + context.taskId()
                            + "/"
                            + getClass().getSimpleName()
                            + "@"
                            + INSTANCES.incrementAndGet();
            CaseMetrics.resetTask(task);
        }

        void write(String caseId, Case before, Case after, Record<String, ?> record) {
            cases.put(caseId, after);
            CaseMetrics.changed(task, before, after);
            context.forward(new Record<>(caseId, after, record.timestamp()));
        }

        @Override
        public void close() {
            CaseMetrics.forgetTask(task);
        }
    }

    /** Adds an alert to its case (opening it). */
    static final class AlertIntoCase extends CaseProcessor<Alert> {
        private KeyValueStore<String, AlertContribution> contributions;

        @Override
        public void init(ProcessorContext<String, Case> context) {
            super.init(context);
            contributions = context.getStateStore(CONTRIBUTIONS_STORE);
            // The gauge counts what this task's store holds; one of the task's two processors
            // counts it.
            try (KeyValueIterator<String, Case> all = cases.all()) {
                all.forEachRemaining(entry -> CaseMetrics.counted(task, entry.value));
            }
        }

        @Override
        public void process(Record<String, Alert> record) {
            Alert alert = record.value();
            if (alert == null) {
                return;
            }
            String caseId = CaseSubject.of(alert).caseId();
            Case current = cases.get(caseId);
            String key = contributionKey(caseId, alert.getAlertId());
            AlertContribution previous = contributions.get(key);
            List<AlertContribution> latest =
                    current == null
                            ? List.of()
                            : current.getLatestAlertIds().stream()
                                    .map(id -> contributions.get(contributionKey(caseId, id)))
                                    .filter(Objects::nonNull)
                                    .toList();
            Case updated = CaseFile.add(current, alert, previous, latest);
            if (updated != null) {
                contributions.put(key, AlertContribution.of(alert));
                write(caseId, current, updated, record);
            }
        }
    }

    /**
     * Applies an analyst's decision; one for an unknown case, or that breaks the rules, goes to the
     * DLQ with its reason.
     */
    static final class DecisionOnCase extends CaseProcessor<CaseDecision> {
        @Override
        public void process(Record<String, CaseDecision> record) {
            CaseDecision decision = record.value();
            if (decision == null) {
                throw new InvalidRecordException(
                        DlqReason.MISSING_VALUE,
                        "a case decision without a value (key " + record.key() + ")");
            }
            if (!decision.getCaseId().equals(record.key())) {
                throw new InvalidRecordException(
                        DlqReason.KEY_MISMATCH,
                        "the key "
                                + record.key()
                                + " is not the decision's caseId "
                                + decision.getCaseId()
                                + ": decisions must be keyed by caseId to stay in order");
            }
            Case current = cases.get(decision.getCaseId());
            if (current == null) {
                throw new InvalidRecordException(
                        DlqReason.UNKNOWN_CASE,
                        "decision "
                                + decision.getDecisionId()
                                + " is about case "
                                + decision.getCaseId()
                                + ", which Lodestone has not opened");
            }
            Case updated = CaseFile.decide(current, decision);
            if (updated != current) {
                write(decision.getCaseId(), current, updated, record);
            }
        }
    }
}

package io.lodestone.cases;

import io.lodestone.avro.Case;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The case metrics: cases by family, severity and status on this instance's partitions (a gauge per
 * label set; labels are bounded: 4 families × 3 severities × 4 statuses), cases opened and
 * escalated by family and severity, and the time from a case's first alert to its first
 * acknowledgement. Each task counts its own cases; the gauge adds them, and a task that moves away
 * takes its counts with it.
 */
public final class CaseMetrics {

    private static final MeterRegistry REGISTRY = Metrics.globalRegistry;
    private static final Map<String, Map<Labels, AtomicLong>> COUNTS_BY_TASK =
            new ConcurrentHashMap<>();
    private static final Map<Labels, Boolean> GAUGES = new ConcurrentHashMap<>();

    record Labels(String family, String severity, String status) {
        static Labels of(Case c) {
            return new Labels(c.getFamily(), CaseFile.severity(c).name(), c.getStatus().name());
        }
    }

    private CaseMetrics() {}

    /**
     * Forgets {@code task}'s counts and starts them again (from its store, by {@link #counted}).
     */
    static void resetTask(String task) {
        COUNTS_BY_TASK.put(task, new ConcurrentHashMap<>());
    }

    static void forgetTask(String task) {
        COUNTS_BY_TASK.remove(task);
    }

    /** A case found in {@code task}'s store. */
    static void counted(String task, Case c) {
        add(task, Labels.of(c), 1);
    }

    /** A case of {@code task} changed from {@code before} (null: new) to {@code after}. */
    static void changed(String task, Case before, Case after) {
        if (before != null) {
            add(task, Labels.of(before), -1);
        }
        add(task, Labels.of(after), 1);
        if (before == null) {
            Counter.builder("lodestone.cases.opened")
                    .description("Cases opened, by family and severity")
                    .tag("family", after.getFamily())
                    .tag("severity", CaseFile.severity(after).name())
                    .register(REGISTRY)
                    .increment();
        } else if (CaseFile.severity(after).compareTo(CaseFile.severity(before)) > 0) {
            Counter.builder("lodestone.cases.escalated")
                    .description("Cases whose severity rose, by family and new severity")
                    .tag("family", after.getFamily())
                    .tag("severity", CaseFile.severity(after).name())
                    .register(REGISTRY)
                    .increment();
        }
        if (after.getAcknowledgedAt() != null
                && (before == null || before.getAcknowledgedAt() == null)) {
            Timer.builder("lodestone.cases.time.to.acknowledge")
                    .description(
                            "From a case's first alert (its event time) to its first"
                                    + " acknowledgement, by family")
                    .tag("family", after.getFamily())
                    .register(REGISTRY)
                    .record(
                            Duration.between(after.getFirstEventTime(), after.getAcknowledgedAt())
                                    .abs());
        }
    }

    private static void add(String task, Labels labels, long delta) {
        COUNTS_BY_TASK
                .computeIfAbsent(task, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(labels, l -> new AtomicLong())
                .addAndGet(delta);
        GAUGES.computeIfAbsent(
                labels,
                l -> {
                    Gauge.builder("lodestone.cases", () -> total(l))
                            .description(
                                    "Cases on this instance's partitions, by family, severity and"
                                            + " status")
                            .tag("family", l.family())
                            .tag("severity", l.severity())
                            .tag("status", l.status())
                            .register(REGISTRY);
                    return true;
                });
    }

    static long total(Labels labels) {
        return COUNTS_BY_TASK.values().stream()
                .mapToLong(counts -> counts.getOrDefault(labels, new AtomicLong()).get())
                .sum();
    }
}

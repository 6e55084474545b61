package io.lodestone.alerts;

import io.lodestone.avro.Alert;
import io.lodestone.metrics.PipelineMetrics;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Where every detector writes its alerts: the alerts topic, keyed by alertId. Each stream gets its
 * own sink rather than being merged with the others first: a merge would join the detectors'
 * sub-topologies into one task, and then one input's event time would decide lateness for
 * another's. An episode's updates and revisions (same alertId) replace its alert on the topic and
 * are not counted again in the metrics; a withdrawal is counted apart. Every alert also goes, keyed
 * by its case, to the case-alerts topic, where the cases are built from it.
 */
public final class AlertSink {

    private final String topic;
    private final String caseAlertsTopic;
    private final Function<Alert, String> caseId;
    private final Serde<Alert> alertSerde;

    public AlertSink(
            String topic,
            String caseAlertsTopic,
            Function<Alert, String> caseId,
            Serde<Alert> alertSerde) {
        this.topic = topic;
        this.caseAlertsTopic = caseAlertsTopic;
        this.caseId = caseId;
        this.alertSerde = alertSerde;
    }

    /**
     * Whether {@code alert} is a finding's first record, not an update of an episode's alert
     * (details {@code revision} above 1).
     */
    public static boolean isNew(Alert alert) {
        String revision = Detail.REVISION.in(alert);
        return revision == null || revision.equals("1");
    }

    public void send(KStream<String, Alert> alerts) {
        Produced<String, Alert> produced = Produced.with(Serdes.String(), alertSerde);
        KStream<String, Alert> counted =
                alerts.peek(
                        (key, alert) -> {
                            if (Detail.WITHDRAWN.equals(Detail.STATUS.in(alert))) {
                                PipelineMetrics.alertWithdrawn(alert.getType());
                            } else if (isNew(alert)) {
                                PipelineMetrics.alert(alert.getType(), alert.getSeverity().name());
                            }
                        });
        counted.selectKey((key, alert) -> alert.getAlertId()).to(topic, produced);
        counted.selectKey((key, alert) -> caseId.apply(alert)).to(caseAlertsTopic, produced);
    }
}

package io.lodestone.alerts;

import io.lodestone.avro.Alert;
import io.lodestone.metrics.PipelineMetrics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Where every detector writes its alerts: the alerts topic, keyed by alertId. Each stream gets its own
 * sink rather than being merged with the others first: a merge would join the detectors' sub-topologies
 * into one task, and then one input's event time would decide lateness for another's.
 */
public final class AlertSink {

    private final String topic;
    private final Serde<Alert> alertSerde;

    public AlertSink(String topic, Serde<Alert> alertSerde) {
        this.topic = topic;
        this.alertSerde = alertSerde;
    }

    public void send(KStream<String, Alert> alerts) {
        alerts.peek((key, alert) -> PipelineMetrics.alert(alert.getType(), alert.getSeverity().name()))
                .selectKey((key, alert) -> alert.getAlertId())
                .to(topic, Produced.with(Serdes.String(), alertSerde));
    }
}

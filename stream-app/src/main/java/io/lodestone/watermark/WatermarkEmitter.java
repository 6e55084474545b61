package io.lodestone.watermark;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Forwards each record as data and, every {@link Watermarks#INTERVAL} of stream time, a mark with
 * this task's stream time. A task that has had no input for {@code idleTimeout} of wall-clock time
 * says it is idle once, so an empty or quiet input partition does not stall every monthly judgement
 * downstream.
 */
final class WatermarkEmitter<V> implements Processor<String, V, String, Watermarked<V>> {

    private final Duration idleTimeout;
    private ProcessorContext<String, Watermarked<V>> context;
    private int partition;
    private long processedSinceCheck;
    private boolean idle;

    WatermarkEmitter(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void init(ProcessorContext<String, Watermarked<V>> context) {
        this.context = context;
        this.partition = context.taskId().partition();
        context.schedule(
                Watermarks.INTERVAL,
                PunctuationType.STREAM_TIME,
                streamTime -> {
                    idle = false;
                    mark(streamTime, false);
                });
        context.schedule(
                idleTimeout,
                PunctuationType.WALL_CLOCK_TIME,
                now -> {
                    if (processedSinceCheck == 0 && !idle) {
                        idle = true;
                        mark(context.currentStreamTimeMs(), true);
                    }
                    processedSinceCheck = 0;
                });
    }

    @Override
    public void process(Record<String, V> record) {
        processedSinceCheck++;
        context.forward(record.withValue(Watermarked.data(record.value())));
        if (idle) {
            idle = false;
            mark(context.currentStreamTimeMs(), false);
        }
    }

    private void mark(long streamTime, boolean idle) {
        context.forward(
                new Record<>(
                        Watermarks.MARK_KEY,
                        new Watermarked.Mark<>(partition, streamTime, idle),
                        Math.max(streamTime, 0)));
    }
}

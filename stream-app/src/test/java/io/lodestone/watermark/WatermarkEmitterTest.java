package io.lodestone.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One upstream task's marks, processor alone (MockProcessorContext): data forwarded as data, a mark
 * with the task's stream time once a day of it, one idle mark when no input came for the idle
 * timeout, and an active mark again with the next record.
 */
class WatermarkEmitterTest {

    private static final Duration IDLE = Duration.ofMinutes(1);
    private static final long DAY_1 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    private final MockProcessorContext<String, Watermarked<String>> context =
            new MockProcessorContext<>(new Properties(), new TaskId(0, 2), null);
    private final WatermarkEmitter<String> emitter = new WatermarkEmitter<>(IDLE);

    @BeforeEach
    void init() {
        emitter.init(context);
    }

    private CapturedPunctuator punctuator(PunctuationType type) {
        return context.scheduledPunctuators().stream()
                .filter(p -> p.getType() == type)
                .findFirst()
                .orElseThrow();
    }

    private List<Watermarked<String>> forwarded() {
        List<Watermarked<String>> values =
                context.forwarded().stream()
                        .<Watermarked<String>>map(f -> f.record().value())
                        .toList();
        context.resetForwards();
        return values;
    }

    @Test
    void marksTheStreamTimeOnceADayOfItToEveryDownstreamPartition() {
        assertThat(punctuator(PunctuationType.STREAM_TIME).getInterval())
                .isEqualTo(Watermarks.INTERVAL);
        emitter.process(new Record<>("SHP-1", "a shipment", DAY_1));
        punctuator(PunctuationType.STREAM_TIME).getPunctuator().punctuate(DAY_1 + 5);

        List<Record<? extends String, ? extends Watermarked<String>>> out =
                context.forwarded().stream()
                        .<Record<? extends String, ? extends Watermarked<String>>>map(
                                f -> f.record())
                        .toList();
        assertThat(out.get(0).value()).isEqualTo(Watermarked.data("a shipment"));
        assertThat(out.get(1).key()).isEqualTo(Watermarks.MARK_KEY);
        assertThat(out.get(1).value()).isEqualTo(new Watermarked.Mark<String>(2, DAY_1 + 5, false));
        assertThat(out.get(1).timestamp()).isEqualTo(DAY_1 + 5);
    }

    @Test
    void saysOnceThatItIsIdleAfterTheTimeoutWithoutInputAndActiveAgainWithTheNextRecord() {
        CapturedPunctuator wallClock = punctuator(PunctuationType.WALL_CLOCK_TIME);
        assertThat(wallClock.getInterval()).isEqualTo(IDLE);
        emitter.process(new Record<>("SHP-1", "a shipment", DAY_1));
        context.setCurrentStreamTimeMs(DAY_1);
        forwarded();

        wallClock.getPunctuator().punctuate(0); // input came since the last check: not idle
        assertThat(forwarded()).isEmpty();
        wallClock.getPunctuator().punctuate(IDLE.toMillis()); // none since: idle, said once
        wallClock.getPunctuator().punctuate(2 * IDLE.toMillis());
        assertThat(forwarded()).containsExactly(new Watermarked.Mark<>(2, DAY_1, true));

        context.setCurrentStreamTimeMs(DAY_1 + 7);
        emitter.process(new Record<>("SHP-2", "another", DAY_1 + 7));
        assertThat(forwarded())
                .containsExactly(
                        Watermarked.data("another"), new Watermarked.Mark<>(2, DAY_1 + 7, false));
    }
}

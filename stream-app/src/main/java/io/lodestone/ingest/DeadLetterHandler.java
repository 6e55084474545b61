package io.lodestone.ingest;

import io.lodestone.metrics.PipelineMetrics;
import io.lodestone.schemas.dlq.DlqHeaders;
import io.lodestone.schemas.dlq.DlqReason;
import io.lodestone.schemas.registry.RegistryUnavailableException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' deserialization and processing exception handler for Lodestone: the failed
 * record's original key and bytes go to the DLQ topic ({@code errors.dead.letter.queue.topic.name})
 * with Kafka Streams' standard {@code __streams.errors.*} headers plus {@code lodestone.dlq.reason}
 * (a {@link DlqReason}) and {@code lodestone.dlq.detail} (one human sentence); then processing goes
 * on. Without a DLQ topic configured it fails instead, so bad input is never dropped silently.
 */
public final class DeadLetterHandler
        implements DeserializationExceptionHandler, ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

    private String dlqTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        dlqTopic = topic == null || topic.toString().isBlank() ? null : topic.toString();
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(
            ErrorHandlerContext context,
            ConsumerRecord<byte[], byte[]> record,
            Exception exception) {
        if (RegistryUnavailableException.causedBy(exception)) {
            registryUnavailable(context, exception);
            return DeserializationExceptionHandler.Response.fail();
        }
        String detail = "value is not Avro this registry can decode: " + rootMessage(exception);
        if (dlqTopic == null) {
            log.error(
                    "undecodable record at {}-{}@{} and no DLQ topic configured: stopping",
                    context.topic(),
                    context.partition(),
                    context.offset());
            return DeserializationExceptionHandler.Response.fail();
        }
        return DeserializationExceptionHandler.Response.resume(
                deadLetter(
                        context,
                        record.key(),
                        record.value(),
                        DlqReason.INVALID_AVRO,
                        detail,
                        exception));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(
            ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (RegistryUnavailableException.causedBy(exception)) {
            registryUnavailable(context, exception);
            return ProcessingExceptionHandler.Response.fail();
        }
        DlqReason reason;
        String detail;
        if (exception instanceof InvalidRecordException invalid) {
            reason = invalid.reason();
            detail = invalid.getMessage();
        } else {
            reason = DlqReason.PROCESSING_ERROR;
            detail = exception.toString();
            log.error(
                    "unexpected failure processing {}-{}@{} in {}",
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    context.processorNodeId(),
                    exception);
        }
        if (dlqTopic == null) {
            log.error(
                    "record at {}-{}@{} rejected ({}) and no DLQ topic configured: stopping",
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    detail);
            return ProcessingExceptionHandler.Response.fail();
        }
        return ProcessingExceptionHandler.Response.resume(
                deadLetter(
                        context,
                        context.sourceRawKey(),
                        context.sourceRawValue(),
                        reason,
                        detail,
                        exception));
    }

    /**
     * Not the record's fault: the thread stops (and is replaced) and the record is processed again
     * from its committed offset.
     */
    private static void registryUnavailable(ErrorHandlerContext context, Exception exception) {
        log.error(
                "{}-{}@{}: {}; the stream thread stops and a new one processes the record again"
                        + " (nothing goes to the DLQ)",
                context.topic(),
                context.partition(),
                context.offset(),
                exception.getMessage());
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetter(
            ErrorHandlerContext context,
            byte[] key,
            byte[] value,
            DlqReason reason,
            String detail,
            Exception exception) {
        log.warn(
                "{}-{}@{} -> {} ({})",
                context.topic(),
                context.partition(),
                context.offset(),
                dlqTopic,
                detail);
        PipelineMetrics.deadLetter(context.topic(), reason.name());
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(dlqTopic, null, context.timestamp(), key, value);
        context.headers().forEach(record.headers()::add);
        // The headers Kafka Streams' own dead-letter records carry (KIP-1034), so its tooling reads
        // ours.
        addHeader(record, "__streams.errors.exception", exception.getClass().getName());
        addHeader(record, "__streams.errors.message", String.valueOf(exception.getMessage()));
        addHeader(record, "__streams.errors.stacktrace", stackTrace(exception));
        addHeader(record, "__streams.errors.topic", context.topic());
        addHeader(record, "__streams.errors.partition", String.valueOf(context.partition()));
        addHeader(record, "__streams.errors.offset", String.valueOf(context.offset()));
        record.headers().add(DlqHeaders.REASON, reason.name().getBytes(StandardCharsets.UTF_8));
        record.headers().add(DlqHeaders.DETAIL, detail.getBytes(StandardCharsets.UTF_8));
        return List.of(record);
    }

    private static void addHeader(
            ProducerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String stackTrace(Exception exception) {
        StringWriter trace = new StringWriter();
        exception.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}

package io.lodestone.connectors.source;

import io.apicurio.registry.rest.client.exception.RestClientException;
import io.apicurio.registry.utils.converter.AvroConverter;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Apicurio's Avro converter, with the registry failures that pass (the registry unreachable or
 * timing out, or answering 5xx, 408 or 429, as it did on a lock timeout in its database) thrown as
 * {@link RetriableException}: Connect retries only those, with backoff for {@code
 * errors.retry.timeout}, where any other exception fails the task until someone restarts it. A
 * registry that refuses a schema (4xx) fails the task as before: retrying cannot help.
 */
public class RetryingAvroConverter<T> extends AvroConverter<T> {

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return retriable(() -> super.fromConnectData(topic, schema, value));
    }

    @Override
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        return retriable(() -> super.fromConnectData(topic, headers, schema, value));
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        return retriable(() -> super.toConnectData(topic, value));
    }

    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        return retriable(() -> super.toConnectData(topic, headers, value));
    }

    private static <R> R retriable(Supplier<R> conversion) {
        try {
            return conversion.get();
        } catch (RuntimeException e) {
            if (mayPass(e)) {
                throw new RetriableException("the schema registry failed; retried: " + e, e);
            }
            throw e;
        }
    }

    /** Whether {@code failure} comes from a registry that may answer when asked again. */
    static boolean mayPass(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RestClientException answered) {
                Integer code =
                        answered.getError() == null ? null : answered.getError().getErrorCode();
                return code == null || code >= 500 || code == 408 || code == 429;
            }
            if (t instanceof IOException) {
                return true; // refused, reset or timed out: no answer at all
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}

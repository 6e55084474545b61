package io.lodestone.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.rest.client.exception.RestClientException;
import io.apicurio.registry.rest.v2.beans.Error;
import io.apicurio.rest.client.error.ApicurioRestClientException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class RetryingAvroConverterTest {

    private static RestClientException answered(int code) {
        return new RestClientException(new Error("registry said so", code, "detail", "name"));
    }

    @Test
    void failuresThatPassAreTheRegistrysSilenceAndItsServerErrors() {
        assertThat(RetryingAvroConverter.mayPass(new IllegalStateException(answered(500))))
                .isTrue();
        assertThat(RetryingAvroConverter.mayPass(answered(503))).isTrue();
        assertThat(RetryingAvroConverter.mayPass(answered(429))).isTrue();
        assertThat(
                        RetryingAvroConverter.mayPass(
                                new ApicurioRestClientException(
                                        new ConnectException("Connection refused")) {}))
                .isTrue();
        assertThat(
                        RetryingAvroConverter.mayPass(
                                new RuntimeException(new HttpTimeoutException("x"))))
                .isTrue();
    }

    @Test
    void aRefusedSchemaOrBadDataIsNotRetried() {
        assertThat(RetryingAvroConverter.mayPass(answered(409))).isFalse();
        assertThat(RetryingAvroConverter.mayPass(answered(400))).isFalse();
        assertThat(RetryingAvroConverter.mayPass(new DataException("not a record"))).isFalse();
    }

    @Test
    void anUnreachableRegistryMakesTheConversionRetriable() {
        RetryingAvroConverter<Object> converter = new RetryingAvroConverter<>();
        Map<String, Object> settings = new java.util.HashMap<>();
        ConverterSettings.forRegistry("http://127.0.0.1:1")
                .forEach(
                        (key, value) -> {
                            if (key.startsWith("value.converter.")) {
                                settings.put(key.substring("value.converter.".length()), value);
                            }
                        });
        converter.configure(settings, false);
        assertThatThrownBy(
                        () ->
                                converter.fromConnectData(
                                        "t", Schema.STRING_SCHEMA, "a value the registry must see"))
                .isInstanceOf(RetriableException.class)
                .hasMessageStartingWith("the schema registry failed; retried:");
    }
}

package io.lodestone.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class HttpEndpointsTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong sinceContact = new AtomicLong();
    private final HttpEndpoints.BrokerContact broker =
            new HttpEndpoints.BrokerContact() {
                @Override
                public boolean reachable() {
                    return sinceContact.get() == 0;
                }

                @Override
                public long secondsSinceContact() {
                    return sinceContact.get();
                }
            };

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyOnlyWhileRunningAndLiveUntilFailedOrStopped() throws Exception {
        AtomicReference<KafkaStreams.State> state =
                new AtomicReference<>(KafkaStreams.State.REBALANCING);
        try (HttpEndpoints endpoints = HttpEndpoints.bind("127.0.0.1", 0)) {
            endpoints.serve(
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    state::get,
                    broker,
                    null,
                    null);
            int port = endpoints.port();
            assertThat(get(port, "/health/ready").statusCode()).isEqualTo(503);
            assertThat(get(port, "/health/ready").body())
                    .isEqualTo(
                            "{\"status\":\"DOWN\",\"streamsState\":\"REBALANCING\",\"brokerReachable\":true,"
                                + "\"secondsSinceBrokerContact\":0}");
            assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);

            state.set(KafkaStreams.State.RUNNING);
            assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(port, "/health/ready").body())
                    .isEqualTo(
                            "{\"status\":\"UP\",\"streamsState\":\"RUNNING\",\"brokerReachable\":true,\"secondsSinceBrokerContact\":0}");

            // a broker outage shows in the bodies but changes neither probe: a short blip must not
            // take a fleet out of service
            sinceContact.set(20);
            assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(port, "/health/ready").body())
                    .isEqualTo(
                            "{\"status\":\"UP\",\"streamsState\":\"RUNNING\",\"brokerReachable\":false,\"secondsSinceBrokerContact\":20}");

            state.set(KafkaStreams.State.ERROR);
            assertThat(get(port, "/health/live").statusCode()).isEqualTo(503);
            assertThat(get(port, "/health/ready").statusCode()).isEqualTo(503);
            assertThat(get(port, "/metrics").headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(
                            http.send(
                                            HttpRequest.newBuilder(
                                                            URI.create(
                                                                    "http://127.0.0.1:"
                                                                            + port
                                                                            + "/metrics"))
                                                    .POST(HttpRequest.BodyPublishers.noBody())
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode())
                    .isEqualTo(405);
            HttpResponse<String> unknown = get(port, "/api/nope");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).startsWith("{\"error\":\"no such endpoint: /api/nope;");
        }
    }
}

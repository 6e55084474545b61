package io.lodestone.api;

import static io.lodestone.testing.Shipments.shipment;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.app.LodestoneApp;
import io.lodestone.avro.Shipment;
import io.lodestone.config.LodestoneConfig;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.testing.TestConfigs;
import io.lodestone.testing.TopicReader;
import io.lodestone.testsupport.KafkaBrokerExtension;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API of two instances of one application on a real broker: each answers for every route.
 */
@ExtendWith({KafkaBrokerExtension.class, SchemaRegistryExtension.class})
class QueryApiIntegrationTest {

    private static final List<String> DESTINATIONS =
            List.of("JP", "KR", "DE", "FR", "IT", "ES", "NL", "BE", "IN", "TH", "VN", "US");

    @TempDir Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    private static final String TOKEN = "s3cret-query-token";

    /** A query with the instances' bearer token. */
    private HttpResponse<String> get(LodestoneApp app, String path) throws Exception {
        return get(app, path, "Bearer " + TOKEN);
    }

    private HttpResponse<String> get(LodestoneApp app, String path, String authorization)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eitherInstanceAnswersForEveryRouteAndAlertsWithExactJson() throws Exception {
        // Both behind a bearer token, on this host only: forwarded queries must carry the token
        // too.
        Map<String, String> httpSettings =
                Map.of("http.query.token", TOKEN, "http.bind.address", "127.0.0.1");
        LodestoneConfig first = TestConfigs.forBroker("query", tmp.resolve("a"), httpSettings);
        Map<String, String> sameApp = new java.util.HashMap<>(httpSettings);
        sameApp.putAll(
                Map.of(
                        "topic.prefix",
                        first.topics().prefix(),
                        "application.id",
                        first.applicationId()));
        LodestoneConfig second = TestConfigs.forBroker("unused", tmp.resolve("b"), sameApp);
        try (LodestoneApp a = LodestoneApp.start(first);
                LodestoneApp b = LodestoneApp.start(second)) {
            assertThat(a.awaitRunning(Duration.ofSeconds(60))).isTrue();
            assertThat(b.awaitRunning(Duration.ofSeconds(60))).isTrue();
            try (KafkaProducer<String, Shipment> producer =
                    new KafkaProducer<>(
                            Map.of(
                                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    first.bootstrapServers()),
                            new StringSerializer(),
                            RegistrySerdes.<Shipment>valueSerde(first.schemaRegistry())
                                    .serializer())) {
                int n = 0;
                for (String destination : DESTINATIONS) {
                    for (String day : List.of("2025-02-01T08:00:00Z", "2025-02-02T08:00:00Z")) {
                        Shipment s =
                                shipment(
                                                "SHP-" + (++n),
                                                day,
                                                "8110",
                                                "AU",
                                                "AU",
                                                destination,
                                                1_000 * n,
                                                10.0)
                                        .build();
                        producer.send(
                                        new ProducerRecord<>(
                                                first.topics().shipments(), s.getShipmentId(), s))
                                .get();
                    }
                }
                Shipment unlicensed =
                        shipment(
                                        "SHP-CN",
                                        "2025-02-03T09:00:00Z",
                                        "28258000",
                                        "CN",
                                        "CN",
                                        "TH",
                                        2_000,
                                        10.0)
                                .build();
                producer.send(
                                new ProducerRecord<>(
                                        first.topics().shipments(),
                                        unlicensed.getShipmentId(),
                                        unlicensed))
                        .get();
            }
            assertThat(
                            TopicReader.awaitCaughtUp(
                                    first.bootstrapServers(),
                                    first.applicationId(),
                                    first.topics().shipments(),
                                    Duration.ofSeconds(60)))
                    .isTrue();

            String jpPath =
                    "/api/route-volumes?commodity=antimony&origin=AU&export=AU&import=JP&from=2025-02-01&to=2025-02-03";
            String jp =
                    "{\"commodity\":\"antimony\",\"originCountry\":\"AU\",\"exportCountry\":\"AU\",\"importCountry\":\"JP\","
                        + "\"from\":\"2025-02-01T00:00:00Z\",\"to\":\"2025-02-03T00:00:00Z\",\"windows\":["
                        + "{\"windowStart\":\"2025-02-01T00:00:00Z\",\"windowEnd\":\"2025-02-02T00:00:00Z\",\"netWeightKg\":1000.0,"
                        + "\"valueUsd\":10.0,\"shipmentCount\":1},"
                        + "{\"windowStart\":\"2025-02-02T00:00:00Z\",\"windowEnd\":\"2025-02-03T00:00:00Z\",\"netWeightKg\":2000.0,"
                        + "\"valueUsd\":10.0,\"shipmentCount\":1}]}";
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!get(a, jpPath).body().equals(jp) && System.nanoTime() < deadline) {
                Thread.sleep(300);
            }
            assertThat(get(a, jpPath).body()).isEqualTo(jp);
            assertThat(get(b, jpPath).body()).isEqualTo(jp);

            Set<String> servedForA = new TreeSet<>();
            for (String destination : DESTINATIONS) {
                String path =
                        "/api/route-volumes?commodity=antimony&origin=AU&export=AU&import="
                                + destination
                                + "&from=2025-02-01&to=2025-02-03";
                HttpResponse<String> fromA = get(a, path);
                HttpResponse<String> fromB = get(b, path);
                assertThat(fromA.statusCode()).as(destination).isEqualTo(200);
                assertThat(fromB.body()).as(destination).isEqualTo(fromA.body());
                assertThat(fromB.headers().firstValue(QueryApi.SERVED_BY))
                        .isEqualTo(fromA.headers().firstValue(QueryApi.SERVED_BY));
                servedForA.add(fromA.headers().firstValue(QueryApi.SERVED_BY).orElseThrow());
            }
            assertThat(servedForA)
                    .as("instance A answered for routes held by B")
                    .containsExactlyInAnyOrder(
                            "127.0.0.1:" + a.httpPort(), "127.0.0.1:" + b.httpPort());

            HttpResponse<String> alerts = get(b, "/api/alerts?limit=5");
            assertThat(alerts.statusCode()).isEqualTo(200);
            assertThat(alerts.body())
                    .startsWith(
                            "{\"alerts\":[{\"alertId\":\"UNLICENSED_EXPORT:SHP-CN\",\"type\":\"UNLICENSED_EXPORT\","
                                + "\"severity\":\"CRITICAL\",\"commodity\":\"antimony\",\"originCountry\":\"CN\",\"exportCountry\":\"CN\","
                                + "\"importCountry\":\"TH\",\"hubCountries\":[],\"windowStart\":\"2025-02-03T00:00:00Z\","
                                + "\"windowEnd\":\"2025-02-04T00:00:00Z\",\"detectedAt\":\"2025-02-03T09:00:00Z\"");
            assertThat(get(a, "/api/alerts?limit=5").body()).isEqualTo(alerts.body());
            assertThat(get(a, "/api/alerts?type=LICENSE_QUOTA_EXCEEDED").body())
                    .isEqualTo("{\"alerts\":[]}");

            assertError(
                    get(
                            a,
                            "/api/route-volumes?commodity=antimony&origin=AU&export=AU&import=JP&from=2025-02-01"),
                    400,
                    "missing query parameter 'to'");
            assertError(
                    get(
                            a,
                            "/api/route-volumes?commodity=antimony&origin=AUS&export=AU&import=JP&from=2025-02-01&to=2025-02-03"),
                    400,
                    "origin must be an ISO-3166 alpha-2 code such as CN, got 'AUS'");
            assertError(
                    get(
                            a,
                            "/api/route-volumes?commodity=antimony&origin=AU&export=AU&import=JP&from=1%20Feb&to=2025-02-03"),
                    400,
                    "from must be a date (2025-01-31) or an instant (2025-01-31T00:00:00Z), got '1"
                            + " Feb'");
            assertError(
                    get(
                            b,
                            "/api/route-volumes?commodity=gallium&origin=AU&export=AU&import=JP&from=2025-02-01&to=2025-02-03"),
                    404,
                    "no volumes for route gallium|AU|AU|JP from 2025-02-01T00:00:00Z to"
                            + " 2025-02-03T00:00:00Z");
            assertError(
                    get(a, "/api/alerts?limit=0"),
                    400,
                    "limit must be a whole number from 1 to 1000, got 0");

            String needsToken =
                    "the query API needs 'Authorization: Bearer <token>' with the token this"
                            + " instance was given (http.query.token)";
            HttpResponse<String> anonymous = get(a, jpPath, null);
            assertError(anonymous, 401, needsToken);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                    .contains("Bearer realm=\"lodestone\"");
            assertError(get(b, "/api/alerts", "Bearer " + TOKEN + "x"), 401, needsToken);
            assertError(get(b, "/api/alerts", "Basic " + TOKEN), 401, needsToken);
            assertThat(get(a, "/metrics", null).statusCode())
                    .as("metrics stay open")
                    .isEqualTo(200);
            assertThat(get(a, "/health/ready", null).statusCode())
                    .as("probes stay open")
                    .isEqualTo(200);
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).isEqualTo("{\"error\":\"" + message + "\"}");
    }
}

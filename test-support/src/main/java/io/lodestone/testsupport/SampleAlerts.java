package io.lodestone.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alerts the sample dataset ({@code producers/sample-data}) gives, for tests of a running app
 * (a process or a container) that read them from its {@code /metrics}: the types written once per
 * finding (SampleDatasetIntegrationTest holds them all, episodes and their updates included),
 * standing ones: alerts written less those withdrawn (a quota alert whose crossing moved to an
 * earlier shipment as the licence's shipments came in from several partitions).
 */
public final class SampleAlerts {

    public static final Map<String, Double> WRITTEN_ONCE =
            Map.of(
                    "LICENSE_NOT_VALID",
                    16.0,
                    "LICENSE_QUOTA_EXCEEDED",
                    4.0,
                    "LICENSE_SCOPE_VIOLATION",
                    1.0,
                    "ORIGIN_REEXPORT",
                    11.0,
                    "TRANSSHIPMENT_CHAIN",
                    192.0,
                    "UNLICENSED_EXPORT",
                    15.0);

    private static final Pattern ALERTS =
            Pattern.compile(
                    "lodestone_alerts_total\\{severity=\"\\w+\",type=\"(\\w+)\"} ([0-9.]+)");
    private static final Pattern WITHDRAWN =
            Pattern.compile("lodestone_alerts_withdrawn_total\\{type=\"(\\w+)\"} ([0-9.]+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SampleAlerts() {}

    /**
     * Standing alerts per type (written less withdrawn) of the app serving HTTP on {@code port},
     * once its group (application id {@code group}) has processed every record of {@code
     * shipmentsTopic} (up to 5 minutes: a loaded machine is slow, a stuck app fails) and its counts
     * then include {@link #WRITTEN_ONCE}, or 30 s later (quota alerts follow a wall-clock walk).
     */
    public static Map<String, Double> awaitFromMetrics(
            String bootstrap, String group, String shipmentsTopic, int port) throws Exception {
        ConsumerGroups.requireProcessed(bootstrap, group, shipmentsTopic, Duration.ofMinutes(5));
        Map<String, Double> counts = Map.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline
                && !counts.entrySet().containsAll(WRITTEN_ONCE.entrySet())) {
            Thread.sleep(1_000);
            String metrics =
                    HTTP.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            Map<String, Double> now = new TreeMap<>();
            for (Matcher m = ALERTS.matcher(metrics); m.find(); ) {
                now.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
            for (Matcher m = WITHDRAWN.matcher(metrics); m.find(); ) {
                now.merge(m.group(1), -Double.parseDouble(m.group(2)), Double::sum);
            }
            counts = now;
        }
        return counts;
    }
}

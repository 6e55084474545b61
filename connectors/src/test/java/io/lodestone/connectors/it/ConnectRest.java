package io.lodestone.connectors.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The Connect worker's REST API, as an integration team would call it with curl. */
final class ConnectRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String url;

    ConnectRest(String url) {
        this.url = url;
    }

    String url() {
        return url;
    }

    /** PUT /connectors/{name}/config: creates or updates the connector. */
    void put(String name, Map<String, String> config) throws Exception {
        send(
                HttpRequest.newBuilder(URI.create(url + "/connectors/" + name + "/config"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))),
                200,
                201);
    }

    /** POST /connectors/{name}/tasks/{task}/restart. */
    void restartTask(String name, int task) throws Exception {
        send(
                HttpRequest.newBuilder(
                                URI.create(
                                        url
                                                + "/connectors/"
                                                + name
                                                + "/tasks/"
                                                + task
                                                + "/restart"))
                        .POST(HttpRequest.BodyPublishers.noBody()),
                200,
                202,
                204);
    }

    /**
     * The task's state (RUNNING, FAILED, ...) with its trace when failed, or "none" before it has
     * one.
     */
    String taskState(String name) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(url + "/connectors/" + name + "/status"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return "none";
        }
        JsonNode tasks = JSON.readTree(response.body()).path("tasks");
        if (tasks.isEmpty()) {
            return "none";
        }
        JsonNode task = tasks.get(0);
        return task.path("state").asText()
                + (task.has("trace") ? ": " + task.path("trace").asText() : "");
    }

    private void send(HttpRequest.Builder request, int... expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(
                        request.timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
        for (int status : expected) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new IllegalStateException(
                request.build().method()
                        + " "
                        + request.build().uri()
                        + " answered "
                        + response.statusCode()
                        + ": "
                        + response.body());
    }
}

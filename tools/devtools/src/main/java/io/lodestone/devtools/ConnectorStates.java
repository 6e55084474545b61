package io.lodestone.devtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lodestone.app.ConnectWatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The connectors of a Connect worker and their tasks' states, a line each, for {@code infra
 * status}: a FAILED task with its root cause and the command that restarts it.
 */
final class ConnectorStates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectorStates() {}

    /** Asks the worker at {@code url}; a line saying so when it does not answer. */
    static List<String> of(String url) {
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(url + "/connectors?expand=status"))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            return describe(url, response.body());
        } catch (Exception e) {
            return List.of("  connectors: no answer from " + url + " (" + e.getMessage() + ")");
        }
    }

    /** The lines for {@code status}, the body of {@code GET /connectors?expand=status}. */
    static List<String> describe(String url, String status) throws Exception {
        JsonNode connectors = JSON.readTree(status);
        if (connectors.isEmpty()) {
            return List.of("  connectors: none");
        }
        List<String> lines = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = connectors.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> connector = it.next();
            JsonNode state = connector.getValue().path("status");
            List<String> tasks = new ArrayList<>();
            boolean failed = "FAILED".equals(state.path("connector").path("state").asText());
            for (JsonNode task : state.path("tasks")) {
                String taskState = task.path("state").asText();
                failed |= taskState.equals("FAILED");
                tasks.add(
                        "task "
                                + task.path("id").asText()
                                + " "
                                + taskState
                                + (taskState.equals("FAILED")
                                        ? " ("
                                                + ConnectWatch.rootCause(
                                                        task.path("trace").asText(""))
                                                + ")"
                                        : ""));
            }
            lines.add(
                    String.format(
                            "  %-16s connector %s, %s",
                            connector.getKey(),
                            state.path("connector").path("state").asText("?")
                                    + (failed && state.path("connector").has("trace")
                                            ? " ("
                                                    + ConnectWatch.rootCause(
                                                            state.path("connector")
                                                                    .path("trace")
                                                                    .asText())
                                                    + ")"
                                            : ""),
                            tasks.isEmpty() ? "no tasks" : String.join(", ", tasks)));
            if (failed) {
                lines.add(
                        "    restart it: curl -s -X POST '"
                                + url
                                + "/connectors/"
                                + connector.getKey()
                                + "/restart?includeTasks=true&onlyFailed=true' (the app does, with"
                                + " connect.url set)");
            }
        }
        return lines;
    }
}

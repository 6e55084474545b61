package io.lodestone.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectorStatesTest {

    /** The shape of Connect's {@code GET /connectors?expand=status}. */
    private static final String STATUS =
            """
            {"licences-in": {"status": {"name": "licences-in",
                "connector": {"state": "RUNNING", "worker_id": "127.0.0.1:8083"},
                "tasks": [{"id": 0, "state": "RUNNING", "worker_id": "127.0.0.1:8083"}],
                "type": "source"}},
             "shipments-in": {"status": {"name": "shipments-in",
                "connector": {"state": "RUNNING", "worker_id": "127.0.0.1:8083"},
                "tasks": [{"id": 0, "state": "FAILED", "worker_id": "127.0.0.1:8083",
                  "trace": "org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler\\n\\tat x.y(Z.java:1)\\nCaused by: org.apache.kafka.connect.errors.RetriableException: the schema registry failed\\n\\tat a.b(C.java:2)\\nCaused by: java.net.ConnectException: Connection refused\\n"}],
                "type": "source"}}}
            """;

    @Test
    void aFailedTaskShowsItsRootCauseAndHowToRestartIt() throws Exception {
        assertThat(ConnectorStates.describe("http://127.0.0.1:8083", STATUS))
                .containsExactly(
                        "  licences-in      connector RUNNING, task 0 RUNNING",
                        "  shipments-in     connector RUNNING, task 0 FAILED"
                                + " (java.net.ConnectException: Connection refused)",
                        "    restart it: curl -s -X POST"
                            + " 'http://127.0.0.1:8083/connectors/shipments-in/restart?includeTasks=true&onlyFailed=true'"
                            + " (the app does, with connect.url set)");
    }

    @Test
    void aWorkerWithoutConnectorsSaysSo() throws Exception {
        assertThat(ConnectorStates.describe("http://w", "{}"))
                .containsExactly("  connectors: none");
    }
}

package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.config.LodestoneConfig;
import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.FileIngest;
import io.lodestone.localinfra.LocalInfra;
import io.lodestone.testing.Ingest;
import io.lodestone.testing.OwnInfra;
import io.lodestone.testing.PipelineOutputs;
import io.lodestone.testing.SimulatedHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker killed ({@code kill -9}) for 20 s while the ingest publishes and the app processes, on
 * a broker and registry of the test's own: the ingest publishes every line exactly once, and the
 * app's alerts and route totals are exactly those of an undisturbed run of the same input.
 */
class BrokerKillIntegrationTest {

    /** How long the live ingest takes undisturbed: the outage falls in its first half. */
    private static final Duration INGEST = Duration.ofSeconds(40);

    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @TempDir Path tmp;

    @Test
    void theBrokerKilledFor20sDuringIngestAndProcessingChangesNoOutput() throws Exception {
        SimulatedHistory.Files history = SimulatedHistory.write(tmp);
        long lines = Files.lines(history.shipments()).count();
        try (OwnInfra infra = OwnInfra.up(tmp)) {
            PipelineOutputs expected = SimulatedHistory.undisturbedOutputs();

            LodestoneConfig outage = infra.app("outage", Map.of());
            Ingest.file(outage, EventKind.LICENSES, history.licences(), 0);
            try (LodestoneApp app = LodestoneApp.start(outage)) {
                assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
                CompletableFuture<FileIngest.Report> live =
                        CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        return Ingest.file(
                                                outage,
                                                EventKind.SHIPMENTS,
                                                history.shipments(),
                                                lines / (double) INGEST.toSeconds());
                                    } catch (Exception e) {
                                        throw new IllegalStateException(e);
                                    }
                                });
                Thread.sleep(INGEST.toMillis() / 4);
                assertThat(live).as("the ingest still publishing when the broker dies").isNotDone();
                int written = PipelineOutputs.read(outage).routeTotals().size();
                long pid = LocalInfra.status(infra.settings()).broker().pid().orElseThrow();
                ProcessHandle broker = ProcessHandle.of(pid).orElseThrow();
                assertThat(broker.destroyForcibly()).isTrue();
                broker.onExit().get(30, TimeUnit.SECONDS);
                System.out.printf(
                        "kill -9 of the broker (pid %d) with %d of %d route-days written%n",
                        pid, written, expected.routeTotals().size());
                Thread.sleep(OUTAGE.toMillis());
                infra.restart();

                FileIngest.Report report = live.get(180, TimeUnit.SECONDS);
                assertThat(report.published())
                        .as("every line published once the broker is back")
                        .isEqualTo(lines);
                assertThat(report.rejected()).isZero();
                assertThat(expected.differences(PipelineOutputs.await(outage)))
                        .as("outputs that differ from the undisturbed run")
                        .isEmpty();
                assertThat(app.awaitRunning(Duration.ofSeconds(10)))
                        .as("the app carried on")
                        .isTrue();
            }
        }
    }
}

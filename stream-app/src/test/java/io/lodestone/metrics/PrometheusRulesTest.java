package io.lodestone.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.localinfra.LocalInfra;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and scrape configuration in deploy/prometheus, checked and unit-tested by
 * Prometheus' own promtool.
 */
class PrometheusRulesTest {

    private static final Path PROMETHEUS =
            LocalInfra.findProjectHome().resolve("deploy/prometheus");

    private static String promtool(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process =
                new ProcessBuilder(command)
                        .directory(PROMETHEUS.toFile())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("promtool %s:%n%s", String.join(" ", args), output)
                .isZero();
        return output;
    }

    @Test
    void theRulesAreValid() throws Exception {
        assertThat(promtool("check", "rules", "lodestone-rules.yml"))
                .contains("SUCCESS: 9 rules found");
    }

    @Test
    void theRulesFireWhenAndOnlyWhenTheirTestsSay() throws Exception {
        assertThat(promtool("test", "rules", "lodestone-rules.test.yml")).contains("SUCCESS");
    }

    @Test
    void theScrapeConfigurationIsValid() throws Exception {
        assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS");
    }
}

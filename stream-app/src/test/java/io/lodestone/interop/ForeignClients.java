package io.lodestone.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lodestone.localinfra.LocalInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The clients nobody here wrote, as the interop tests run them: Debian's Python confluent-kafka
 * through the probe {@code src/test/python/confluent_avro.py}, and kcat; on Debian's librdkafka, or
 * on the one {@code bin/install-test-deps} builds ({@link #newerLibrdkafka}).
 */
final class ForeignClients {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path HOME = LocalInfra.findProjectHome();
    private static final String PYTHON_PROBE =
            HOME.resolve("stream-app/src/test/python/confluent_avro.py").toString();

    /** Where bin/install-test-deps builds librdkafka 2.12.0. */
    static final Path NEWER_LIBRDKAFKA =
            Path.of(System.getProperty("user.home"), ".cache/lodestone/librdkafka-2.12.0");

    private final Map<String, String> environment;

    private ForeignClients(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The clients on Debian's librdkafka. */
    static ForeignClients debian() {
        return new ForeignClients(Map.of());
    }

    /**
     * The same clients on the librdkafka bin/install-test-deps builds, with {@code environment}.
     */
    static ForeignClients newerLibrdkafka(Map<String, String> environment) {
        assertThat(NEWER_LIBRDKAFKA.resolve("librdkafka.so.1"))
                .as("librdkafka 2.12.0: run bin/install-test-deps")
                .exists();
        Map<String, String> all = new HashMap<>(environment);
        all.put("LD_LIBRARY_PATH", NEWER_LIBRDKAFKA.toString());
        return new ForeignClients(all);
    }

    /** These clients with {@code environment} added (the probe's PROBE_* settings). */
    ForeignClients with(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(environment);
        all.putAll(more);
        return new ForeignClients(all);
    }

    /** The probe's output; it must succeed. */
    String python(String... arguments) {
        return succeeded(run(null, probe(arguments)));
    }

    /** The probe run, whether it succeeds or not. */
    Result pythonResult(String... arguments) {
        return run(null, probe(arguments));
    }

    /** kcat's output, {@code stdin} (or null) its input; it must succeed. */
    String kcat(String stdin, String... arguments) {
        List<String> command = new ArrayList<>(List.of("kcat"));
        command.addAll(List.of(arguments));
        return succeeded(run(stdin, command));
    }

    /** The librdkafka version the probe printed first. */
    static String librdkafka(String probeOutput) {
        return lines(probeOutput).get(0).get("librdkafka").asText();
    }

    /** The probe's JSON lines after the first (its librdkafka version). */
    static List<JsonNode> records(String probeOutput) {
        List<JsonNode> lines = lines(probeOutput);
        return lines.subList(1, lines.size());
    }

    private static List<JsonNode> lines(String output) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            try {
                lines.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }
        return lines;
    }

    record Result(int exitCode, String out, String err) {}

    private static List<String> probe(String... arguments) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", PYTHON_PROBE));
        command.addAll(List.of(arguments));
        return command;
    }

    private static String succeeded(Result result) {
        assertThat(result.exitCode()).as("exit code; stderr:%n%s", result.err()).isZero();
        return result.out();
    }

    private Result run(String stdin, List<String> command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Path err = Files.createTempFile("foreign-client", ".err");
            builder.redirectError(err.toFile());
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String out =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS))
                    .as("%s finished", command.get(0))
                    .isTrue();
            String errors = Files.readString(err);
            Files.delete(err);
            return new Result(process.exitValue(), out.strip(), errors);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.lodestone.benchmarks.pipeline;

import io.lodestone.config.LodestoneConfig;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Phase 1, the physical limit: Kafka's own {@code org.apache.kafka.tools.ConsumerPerformance}
 * (kafka-tools, the broker's version) reads every record of the topic, in a JVM of its own so
 * nothing of the benchmark shares its heap or JIT. Its default settings; it decompresses but does
 * not deserialise.
 */
final class ConsumerPerf {

    /**
     * {@code fetchRecordsPerSecond} excludes the group join; {@code recordsPerSecond} is over its
     * whole run.
     */
    record Result(
            long records,
            double seconds,
            double recordsPerSecond,
            double fetchSeconds,
            double fetchRecordsPerSecond,
            double megabytes,
            String output) {}

    private ConsumerPerf() {}

    static Result run(Path home, LodestoneConfig cluster, String topic, long records)
            throws IOException, InterruptedException {
        Path target = home.resolve("benchmarks/pipeline/target");
        String classpath = target.resolve("lib") + "/*:" + target.resolve("kafka-tools") + "/*";
        // The cluster's security settings, as the tool takes them: a consumer properties file.
        Properties security = new Properties();
        cluster.kafkaClient(ConsumerConfig.configNames())
                .forEach((k, v) -> security.setProperty(k, String.valueOf(v)));
        Path settings = Files.createTempFile(target, "consumer-perf", ".properties");
        try (Writer writer = Files.newBufferedWriter(settings)) {
            security.store(writer, "ConsumerPerformance's client settings");
        }
        settings.toFile().deleteOnExit();
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-cp",
                                classpath,
                                "org.apache.kafka.tools.ConsumerPerformance",
                                "--bootstrap-server",
                                cluster.bootstrapServers(),
                                "--command-config",
                                settings.toString(),
                                "--topic",
                                topic,
                                "--num-records",
                                Long.toString(records),
                                "--timeout",
                                "60000"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(process::destroyForcibly)); // Ctrl-C: it must not outlive us
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("ConsumerPerformance failed:\n" + output);
        }
        // A header line of comma-separated names, then one line of values; logging may come before
        // them.
        List<String> lines = output.lines().filter(l -> l.contains(",")).toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("start.time")) {
                header = i;
            }
        }
        if (header < 0 || header + 1 >= lines.size()) {
            throw new IllegalStateException("cannot read ConsumerPerformance's output:\n" + output);
        }
        String[] names = lines.get(header).split(",\\s*");
        String[] values = lines.get(header + 1).split(",\\s*");
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < names.length && i < values.length; i++) {
            row.put(names[i].trim(), values[i].trim());
        }
        long consumed = Long.parseLong(row.get("data.consumed.in.nMsg"));
        if (consumed != records) {
            throw new IllegalStateException(
                    "ConsumerPerformance read "
                            + consumed
                            + " records, expected "
                            + records
                            + ":\n"
                            + output);
        }
        double rate = Double.parseDouble(row.get("nMsg.sec"));
        double fetchRate = Double.parseDouble(row.get("fetch.nMsg.sec"));
        return new Result(
                consumed,
                consumed / rate,
                rate,
                Double.parseDouble(row.get("fetch.time.ms")) / 1000,
                fetchRate,
                Double.parseDouble(row.get("data.consumed.in.MB")),
                lines.get(header) + "\n" + lines.get(header + 1));
    }
}

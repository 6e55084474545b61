package io.lodestone.localinfra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Apicurio Registry 2.4 (in-memory storage) with its Confluent-compatible API, run from the
 * jar {@code deploy/registry} builds. Once ready, its global compatibility is set to BACKWARD.
 */
final class SchemaRegistry {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SchemaRegistry() {
    }

    static ServerProcess.Spec spec(Path home, Path dir, int port) {
        Path jar = runnerJar(home);
        List<String> command = List.of(LocalInfra.java(), "-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-jar", jar.toString());
        return new ServerProcess.Spec("schema registry", command, dir.resolve("registry.log"), dir.resolve("registry.pid"),
                port, () -> ready(url(port)), () -> { });
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    static Path runnerJar(Path home) {
        Path target = home.resolve("deploy/registry/target");
        try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new LocalInfraException("the schema registry is not built (no " + target + "/*-runner.jar): run "
                            + "'mvn -B -f " + home.resolve("pom.xml") + " install -DskipTests', or just './bin/lodestone'"));
        } catch (IOException e) {
            throw new LocalInfraException("cannot look for the registry jar in " + target + ": " + e.getMessage());
        }
    }

    static boolean ready(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Global compatibility BACKWARD: a new schema must read data written with the previous one. */
    static void requireBackwardCompatibility(String url) {
        String body = "{\"compatibility\":\"BACKWARD\"}";
        try {
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/apis/ccompat/v7/config"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/apis/ccompat/v7/config"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() != 200 || !get.body().contains("BACKWARD")) {
                throw new LocalInfraException("could not set compatibility BACKWARD on " + url + ": PUT answered "
                        + put.statusCode() + " " + put.body() + ", GET answered " + get.body());
            }
        } catch (IOException e) {
            throw new LocalInfraException("could not set compatibility BACKWARD on " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalInfraException("interrupted while configuring the registry");
        }
    }
}

package io.lodestone.localinfra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real schema registry (Apicurio Registry 2.4, Confluent-compatible API under {@code
 * /apis/ccompat/v7}) run from the jar {@code deploy/registry} builds. Its schemas are kept on disk
 * (an H2 database in its directory), so a restart keeps every id the broker's records name. Once it
 * is ready its global compatibility is set to BACKWARD: a new schema must be able to read data
 * written with the previous one.
 */
public final class RegistryProcess implements AutoCloseable {

    static final String NAME = "schema registry";
    static final HttpClient PLAIN_HTTP = httpClient().build();

    /** Tries of one request to the registry (see {@link #send}). */
    private static final int SEND_ATTEMPTS = 4;

    private static final Pattern COMPATIBILITY =
            Pattern.compile("\"compatibility(?:Level)?\"\\s*:\\s*\"(\\w+)\"");

    /**
     * The client settings for talking to a local registry. HTTP/1.1: on HTTP/2 (negotiated over
     * TLS, or offered as an h2c upgrade on plain HTTP) the registry may end the connection (GOAWAY)
     * under load, failing a request that was not retried.
     */
    static HttpClient.Builder httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2));
    }

    private final ServerProcess server;
    private final String url;

    private RegistryProcess(ServerProcess server, String url) {
        this.server = server;
        this.url = url;
    }

    static ServerProcess.Spec spec(Path dir, int port) {
        return new ServerProcess.Spec(
                NAME,
                port,
                "-runner.jar",
                dir.resolve("registry.log"),
                dir.resolve("registry.pid"));
    }

    /**
     * Reuses the registry whose pid file is in {@code dir} if it answers on {@code port}; otherwise
     * starts one there, with its log and pid file in {@code dir}. Either way compatibility is
     * BACKWARD afterwards.
     */
    public static RegistryProcess startOrReuse(
            Path home, Path dir, int port, Duration timeout, Consumer<String> progress) {
        return startOrReuse(home, dir, port, Optional.empty(), timeout, progress);
    }

    /**
     * {@link #startOrReuse(Path, Path, int, Duration, Consumer)}, on HTTPS with the certificate of
     * {@code security} when given.
     */
    static RegistryProcess startOrReuse(
            Path home,
            Path dir,
            int port,
            Optional<LocalSecurity> security,
            Duration timeout,
            Consumer<String> progress) {
        ServerProcess.Spec spec = spec(dir, port);
        String url = url(port, security.isPresent());
        HttpClient http = security.map(LocalSecurity::httpClient).orElse(PLAIN_HTTP);
        ServerProcess server =
                ServerProcess.reuse(spec, () -> isReady(url, http), progress)
                        .orElseGet(
                                () -> {
                                    Path jar = InfraParts.of(home).registryJar();
                                    requireFree(port);
                                    List<String> options =
                                            List.of(
                                                    "-Xmx160m",
                                                    "-XX:+UseSerialGC",
                                                    "-XX:TieredStopAtLevel=1");
                                    List<String> command =
                                            new ArrayList<>(List.of(LocalInfra.javaExecutable()));
                                    command.addAll(options);
                                    command.add("-Dquarkus.http.host=" + Ports.HOST);
                                    command.addAll(
                                            security.map(s -> s.registryOptions(port))
                                                    .orElse(
                                                            List.of(
                                                                    "-Dquarkus.http.port="
                                                                            + port)));
                                    command.addAll(List.of("-jar", jar.toString()));
                                    // Apicurio's default is H2 in memory: a restart would hand out
                                    // the ids of the broker's records to other schemas
                                    Map<String, String> environment =
                                            new HashMap<>(
                                                    Map.of(
                                                            "REGISTRY_DATASOURCE_URL",
                                                            "jdbc:h2:file:" + database(dir)));
                                    security.ifPresent(
                                            s -> environment.putAll(s.registryEnvironment()));
                                    return ServerProcess.start(
                                            spec,
                                            command,
                                            environment,
                                            ClassArchive.of("registry", options, List.of(jar)),
                                            () -> isReady(url, http),
                                            timeout,
                                            progress);
                                });
        RegistryProcess registry = new RegistryProcess(server, url);
        try {
            requireBackwardCompatibility(url, http);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** Where the registry in {@code dir} keeps its schemas: H2 adds {@code .mv.db} to this path. */
    static Path database(Path dir) {
        return dir.toAbsolutePath().resolve("db");
    }

    /**
     * True when the registry in {@code dir} has stored schemas before (its database file exists).
     */
    public static boolean hasStoredSchemas(Path dir) {
        return Files.exists(dir.toAbsolutePath().resolve("db.mv.db"));
    }

    /** Deletes the schemas the (stopped) registry in {@code dir} stored, so it starts empty. */
    public static void deleteStoredSchemas(Path dir) {
        for (String file : List.of("db.mv.db", "db.trace.db")) {
            try {
                Files.deleteIfExists(dir.toAbsolutePath().resolve(file));
            } catch (IOException e) {
                throw new LocalInfraException(
                        "cannot delete the schema registry's stored schemas "
                                + dir.resolve(file)
                                + ": "
                                + e.getMessage(),
                        e);
            }
        }
    }

    /**
     * Stops whatever registry the pid file in {@code dir} names (an orphan of a killed run, say);
     * one line saying what happened.
     */
    public static String stopRecorded(Path dir) {
        return ServerProcess.stopRecorded(
                spec(dir, 0)); // the port plays no part in finding or stopping it
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return url;
    }

    /** Stops the registry only if this handle started it. */
    @Override
    public void close() {
        if (server.owned()) {
            server.stop();
        }
    }

    static String url(int port, boolean https) {
        return (https ? "https://" : "http://") + Ports.HOST + ":" + port;
    }

    /** True when {@code GET <url>/health/ready} answers 200. */
    public static boolean isReady(String url) {
        return isReady(url, PLAIN_HTTP);
    }

    static boolean isReady(String url, HttpClient http) {
        return ServerProcess.answersOk(http, url + "/health/ready");
    }

    /** The global compatibility level the registry reports, e.g. BACKWARD. */
    public static String compatibility(String url) {
        return compatibility(url, PLAIN_HTTP);
    }

    private static String compatibility(String url, HttpClient http) {
        HttpResponse<String> response =
                send(
                        http,
                        HttpRequest.newBuilder(configUri(url))
                                .timeout(Duration.ofSeconds(10))
                                .build());
        Matcher level = COMPATIBILITY.matcher(response.body());
        if (response.statusCode() != 200 || !level.find()) {
            throw new LocalInfraException(
                    "the schema registry at "
                            + url
                            + " did not report its compatibility: HTTP "
                            + response.statusCode()
                            + " "
                            + response.body());
        }
        return level.group(1);
    }

    private static void requireBackwardCompatibility(String url, HttpClient http) {
        HttpResponse<String> put =
                send(
                        http,
                        HttpRequest.newBuilder(configUri(url))
                                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                                .PUT(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"compatibility\":\"BACKWARD\"}"))
                                .timeout(Duration.ofSeconds(10))
                                .build());
        String now = compatibility(url, http);
        if (put.statusCode() != 200 || !now.equals("BACKWARD")) {
            throw new LocalInfraException(
                    "could not set the schema registry's compatibility to BACKWARD at "
                            + configUri(url)
                            + ": PUT answered HTTP "
                            + put.statusCode()
                            + " "
                            + put.body()
                            + ", and it now reports "
                            + now);
        }
    }

    private static URI configUri(String url) {
        return URI.create(url + "/apis/ccompat/v7/config");
    }

    /**
     * Sends an idempotent request (GET or PUT). A just-started registry has been seen to close a
     * connection without an answer ("header parser received no bytes") while it already reports
     * ready, so a failed exchange is tried again, a few times.
     */
    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        IOException last = null;
        try {
            for (int attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
                try {
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    last = e;
                    Thread.sleep(500L * attempt);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalInfraException("interrupted while talking to the schema registry", e);
        }
        throw new LocalInfraException(
                "the schema registry did not answer "
                        + request.method()
                        + " "
                        + request.uri()
                        + " in "
                        + SEND_ATTEMPTS
                        + " tries: "
                        + last,
                last);
    }

    private static void requireFree(int port) {
        if (!Ports.isFree(port)) {
            throw new LocalInfraException(
                    "port "
                            + port
                            + " on "
                            + Ports.HOST
                            + " is already in use, so the "
                            + NAME
                            + " cannot listen there. It is probably another schema registry, or a"
                            + " Lodestone registry started with another --data-dir (see which"
                            + " process with: ss -ltnp 'sport = :"
                            + port
                            + "'). Stop it, or choose another port with --registry-port <port> "
                            + "(or the environment variable LODESTONE_REGISTRY_PORT).");
        }
    }
}

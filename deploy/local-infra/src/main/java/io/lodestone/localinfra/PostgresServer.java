package io.lodestone.localinfra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's {@code postgresql} package) for the sink connector: a cluster
 * initialised by {@code initdb} in {@code <dataDir>/postgres/data} (superuser {@code lodestone},
 * trust authentication, listening on 127.0.0.1 only) with a database {@code lodestone}, started and
 * stopped with {@code pg_ctl}.
 *
 * <p>PostgreSQL refuses to run as root: as root the cluster belongs to the {@code postgres} user,
 * which must be able to enter every directory above it. A clone under a directory only its owner
 * can enter ({@code /root}, or what {@code mktemp -d} makes, mode 700) is closed to it: the cluster
 * then lives in {@code lodestone-postgres-<hash of dataDir>} under the system's temporary directory
 * instead, and {@code <dataDir>/postgres/cluster} says where.
 */
public final class PostgresServer implements AutoCloseable {

    static final String NAME = "PostgreSQL";
    public static final String DATABASE = "lodestone";
    public static final String USER = "lodestone";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    /** In {@code <dataDir>/postgres}: where the cluster is, when not there. */
    static final String LOCATION_FILE = "cluster";

    private final Path dir;
    private final int port;
    private final boolean owned;

    private PostgresServer(Path dir, int port, boolean owned) {
        this.dir = dir;
        this.port = port;
        this.owned = owned;
    }

    /**
     * Starts the cluster in {@code <dataDir>/postgres} on {@code port} (initialising it the first
     * time), or reuses it if it runs.
     */
    public static PostgresServer startOrReuse(Path dataDir, int port, Consumer<String> progress) {
        Path dir = clusterDir(dataDir, progress);
        Path data = dir.resolve("data");
        Optional<Long> running = runningPid(data);
        if (running.isPresent()) {
            progress.accept(
                    NAME
                            + " already running (pid "
                            + running.get()
                            + ") from "
                            + data
                            + ": reusing it");
            return new PostgresServer(dir, port, false);
        }
        if (!Ports.isFree(port)) {
            throw new LocalInfraException(
                    "port "
                            + port
                            + " on "
                            + Ports.HOST
                            + " is already in use, so "
                            + NAME
                            + " cannot listen there "
                            + "(another PostgreSQL? see: ss -ltnp 'sport = :"
                            + port
                            + "'). Stop it, or choose another port with "
                            + "--postgres-port <port> (or LODESTONE_POSTGRES_PORT).");
        }
        Path bin = binDirectory();
        long started = System.nanoTime();
        try {
            Files.createDirectories(dir);
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                progress.accept("initialising a PostgreSQL cluster in " + data + " …");
                giveToPostgresUser(dir);
                run(
                        List.of(
                                bin.resolve("initdb").toString(),
                                "-D",
                                data.toString(),
                                "-A",
                                "trust",
                                "-U",
                                USER,
                                "-E",
                                "UTF8"),
                        dir);
            }
            progress.accept("starting " + NAME + " on " + Ports.HOST + ":" + port + " …");
            run(
                    List.of(
                            bin.resolve("pg_ctl").toString(),
                            "-D",
                            data.toString(),
                            "-l",
                            dir.resolve("postgres.log").toString(),
                            "-w",
                            "-t",
                            "60",
                            "-o",
                            "-p " + port + " -k " + dir + " -c listen_addresses=" + Ports.HOST,
                            "start"),
                    dir);
            if (!Files.exists(dir.resolve("database-created"))) {
                run(
                        List.of(
                                bin.resolve("createdb").toString(),
                                "-h",
                                Ports.HOST,
                                "-p",
                                Integer.toString(port),
                                "-U",
                                USER,
                                DATABASE),
                        dir);
                Files.writeString(dir.resolve("database-created"), DATABASE + "\n");
            }
        } catch (IOException e) {
            throw new LocalInfraException(
                    "cannot start " + NAME + " in " + dir + ": " + e.getMessage(), e);
        }
        progress.accept(
                String.format(
                        "%s ready in %.1f s (database %s, user %s, log %s)",
                        NAME,
                        (System.nanoTime() - started) / 1e9,
                        DATABASE,
                        USER,
                        dir.resolve("postgres.log")));
        return new PostgresServer(dir, port, true);
    }

    /** E.g. {@code jdbc:postgresql://127.0.0.1:5432/lodestone}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + Ports.HOST + ":" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    /** Stops the server only if this handle started it. */
    @Override
    public void close() {
        if (owned) {
            stop(dir);
        }
    }

    /**
     * Stops the cluster in {@code <dataDir>/postgres} if it runs (fast shutdown: open sessions are
     * ended); one line saying what happened.
     */
    public static String stopRecorded(Path dataDir) {
        Path dir = recordedClusterDir(dataDir);
        Optional<Long> pid = runningPid(dir.resolve("data"));
        if (pid.isEmpty()) {
            return NAME + " was not running";
        }
        stop(dir);
        return "stopped " + NAME + " (pid " + pid.get() + ")";
    }

    /** One line: whether the cluster in {@code <dataDir>/postgres} runs. */
    public static String status(Path dataDir) {
        Path data = recordedClusterDir(dataDir).resolve("data");
        return runningPid(data)
                .map(pid -> String.format("%-16s running, pid %d, data %s", NAME, pid, data))
                .orElse(String.format("%-16s stopped", NAME));
    }

    private static void stop(Path dir) {
        try {
            run(
                    List.of(
                            binDirectory().resolve("pg_ctl").toString(),
                            "-D",
                            dir.resolve("data").toString(),
                            "-m",
                            "fast",
                            "-w",
                            "stop"),
                    dir);
        } catch (IOException e) {
            throw new LocalInfraException(
                    "cannot stop " + NAME + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The postmaster's pid from its pid file, if that process is alive. */
    static Optional<Long> runningPid(Path data) {
        try {
            String first = Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim();
            long pid = Long.parseLong(first);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code LODESTONE_POSTGRES_BIN}, else the newest {@code /usr/lib/postgresql/<version>/bin}
     * (Debian's layout).
     */
    static Path binDirectory() {
        String configured = System.getenv("LODESTONE_POSTGRES_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path versions = Path.of("/usr/lib/postgresql");
        try (Stream<Path> dirs =
                Files.isDirectory(versions) ? Files.list(versions) : Stream.empty()) {
            return dirs.filter(d -> Files.isExecutable(d.resolve("bin/initdb")))
                    .max(
                            Comparator.comparingInt(
                                    d ->
                                            Integer.parseInt(
                                                    d.getFileName()
                                                            .toString()
                                                            .replaceAll("\\D", "0"))))
                    .map(d -> d.resolve("bin"))
                    .orElseThrow(
                            () ->
                                    new LocalInfraException(
                                            "PostgreSQL is not installed (no"
                                                + " /usr/lib/postgresql/*/bin/initdb): apt-get"
                                                + " install -y postgresql, or set"
                                                + " LODESTONE_POSTGRES_BIN to the directory holding"
                                                + " initdb and pg_ctl."));
        } catch (IOException e) {
            throw new LocalInfraException(
                    "cannot look for PostgreSQL in " + versions + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where the cluster of {@code dataDir} lives, made: {@code <dataDir>/postgres}, or (as root,
     * when the {@code postgres} user cannot enter it) a directory under the system's temporary
     * directory, recorded in {@code <dataDir>/postgres/cluster} and said in {@code progress}.
     */
    private static Path clusterDir(Path dataDir, Consumer<String> progress) {
        Path dir = dataDir.toAbsolutePath().resolve("postgres");
        try {
            Files.createDirectories(dir);
            if (!isRoot() || reachableByPostgres(dir)) {
                Files.deleteIfExists(dir.resolve(LOCATION_FILE));
                return dir;
            }
            Path elsewhere =
                    Path.of(System.getProperty("java.io.tmpdir"))
                            .toAbsolutePath()
                            .resolve(
                                    String.format(
                                            "lodestone-postgres-%08x", dir.toString().hashCode()));
            Files.createDirectories(elsewhere);
            Files.writeString(dir.resolve(LOCATION_FILE), elsewhere + "\n");
            progress.accept(
                    "the postgres user cannot enter "
                            + dir
                            + " (a directory above it is closed to other users), so the"
                            + " PostgreSQL cluster lives in "
                            + elsewhere
                            + " (written in "
                            + dir.resolve(LOCATION_FILE)
                            + ")");
            return elsewhere;
        } catch (IOException e) {
            throw new LocalInfraException(
                    "cannot prepare a directory for " + NAME + " in " + dir + ": " + e.getMessage(),
                    e);
        }
    }

    /** The cluster directory {@link #clusterDir} chose for {@code dataDir}. */
    private static Path recordedClusterDir(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().resolve("postgres");
        try {
            return Files.exists(dir.resolve(LOCATION_FILE))
                    ? Path.of(Files.readString(dir.resolve(LOCATION_FILE)).strip())
                    : dir;
        } catch (IOException e) {
            throw new LocalInfraException(
                    "cannot read " + dir.resolve(LOCATION_FILE) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether the {@code postgres} user can enter {@code dir}: every directory above it is open.
     */
    private static boolean reachableByPostgres(Path dir) throws IOException {
        try {
            Process test =
                    new ProcessBuilder(
                                    "runuser", "-u", "postgres", "--", "test", "-x", dir.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            return test.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    && test.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalInfraException("interrupted while checking " + dir, e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** As root the cluster belongs to {@code postgres}, which must also be able to reach it. */
    private static void giveToPostgresUser(Path dir) throws IOException {
        if (isRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir);
            run(List.of("chmod", "700", dir.toString()), dir);
        }
    }

    /**
     * Runs a PostgreSQL command (as {@code postgres} when root) and fails with its output if it
     * does not succeed.
     */
    private static void run(List<String> command, Path dir) throws IOException {
        List<String> full = new ArrayList<>();
        boolean asPostgres =
                isRoot() && !command.get(0).equals("chown") && !command.get(0).equals("chmod");
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("lodestone-postgres", ".out");
        try {
            Process process =
                    new ProcessBuilder(full)
                            .directory(asPostgres ? Path.of("/").toFile() : dir.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LocalInfraException(
                        String.join(" ", full)
                                + " did not finish within "
                                + COMMAND_TIMEOUT.toSeconds()
                                + " s");
            }
            if (process.exitValue() != 0) {
                throw new LocalInfraException(
                        String.join(" ", full)
                                + " failed (exit "
                                + process.exitValue()
                                + "): "
                                + Files.readString(output, StandardCharsets.UTF_8).strip()
                                + (Files.exists(dir.resolve("postgres.log"))
                                        ? " — see " + dir.resolve("postgres.log")
                                        : ""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalInfraException("interrupted while running " + command.get(0), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}

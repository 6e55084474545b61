package io.lodestone.localinfra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local server run as a separate OS process: output to a log file, pid to a pid file (so {@code
 * lodestone infra down}, another JVM, can find it), and started only once its readiness check
 * passes. A handle to a server found running ({@link #reuse}) never stops it.
 */
final class ServerProcess {

    private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(15);
    private static final int LOG_TAIL_LINES = 20;

    /**
     * What identifies one server. {@code commandMarker} is a string its command line contains, so a
     * pid file whose pid the OS has since given to another program is not taken for the server.
     */
    record Spec(String name, int port, String commandMarker, Path logFile, Path pidFile) {

        String address() {
            return Ports.HOST + ":" + port;
        }
    }

    /** How long a server from an earlier start may take to answer before it is reported. */
    static final Duration REUSE_PATIENCE = Duration.ofSeconds(30);

    private final Spec spec;
    private final ProcessHandle handle;
    private final boolean owned;
    private final Optional<ClassArchive> archive;

    private ServerProcess(
            Spec spec, ProcessHandle handle, boolean owned, Optional<ClassArchive> archive) {
        this.spec = spec;
        this.handle = handle;
        this.owned = owned;
        this.archive = archive;
    }

    /**
     * The server the pid file names, if that process is alive and ready. A live one that does not
     * answer within {@link #REUSE_PATIENCE} (a busy machine, a broker still writing after a replay)
     * is reported rather than started twice.
     */
    static Optional<ServerProcess> reuse(
            Spec spec, BooleanSupplier ready, Consumer<String> progress) {
        Optional<ProcessHandle> recorded = recorded(spec);
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        if (!answersWithinPatience(ready, recorded.get(), spec, progress)) {
            throw new LocalInfraException(
                    "the "
                            + spec.name()
                            + " from an earlier start (pid "
                            + recorded.get().pid()
                            + ", pid file "
                            + spec.pidFile()
                            + ") is running but did not answer on "
                            + spec.address()
                            + " within "
                            + REUSE_PATIENCE.toSeconds()
                            + " s. It may still be starting (wait a moment and retry) or listen on"
                            + " other ports than asked now; stop it with './bin/lodestone infra"
                            + " down' (same --data-dir). Its log is "
                            + spec.logFile());
        }
        progress.accept(
                spec.name()
                        + " already running (pid "
                        + recorded.get().pid()
                        + ") on "
                        + spec.address()
                        + ": reusing it");
        return Optional.of(new ServerProcess(spec, recorded.get(), false, Optional.empty()));
    }

    /** Whether {@code ready} passes within {@link #REUSE_PATIENCE}, asking every half second. */
    private static boolean answersWithinPatience(
            BooleanSupplier ready, ProcessHandle process, Spec spec, Consumer<String> progress) {
        long deadline = System.nanoTime() + REUSE_PATIENCE.toNanos();
        boolean said = false;
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                return false;
            }
            if (!said) {
                progress.accept(
                        spec.name()
                                + " from an earlier start (pid "
                                + process.pid()
                                + ") does not answer yet; waiting up to "
                                + REUSE_PATIENCE.toSeconds()
                                + " s");
                said = true;
            }
            sleep(Duration.ofMillis(500));
        }
        return true;
    }

    /**
     * Starts the server (the caller has checked that its ports are free), with {@code environment}
     * added to the process's and the JVM's class {@code archive} (its options go right after the
     * java executable, {@code command}'s first element), and waits until {@code ready} passes.
     */
    static ServerProcess start(
            Spec spec,
            List<String> command,
            Map<String, String> environment,
            Optional<ClassArchive> archive,
            BooleanSupplier ready,
            Duration timeout,
            Consumer<String> progress) {
        if (archive.isPresent()) {
            List<String> withArchive = new ArrayList<>(command.subList(0, 1));
            withArchive.addAll(archive.get().jvmOptions());
            withArchive.addAll(command.subList(1, command.size()));
            command = withArchive;
        }
        progress.accept("starting " + spec.name() + " on " + spec.address() + " …");
        long started = System.nanoTime();
        Process process;
        try {
            Files.createDirectories(spec.logFile().getParent());
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(spec.logFile().toFile());
            builder.environment().putAll(environment);
            process = builder.start();
            // the pid, and where the server records its class archive, for a stop from another JVM
            Files.writeString(
                    spec.pidFile(),
                    process.pid()
                            + "\n"
                            + archive.flatMap(ClassArchive::recording)
                                    .map(recording -> recording + "\n")
                                    .orElse(""));
        } catch (IOException e) {
            throw new LocalInfraException(
                    "cannot start the "
                            + spec.name()
                            + " ("
                            + String.join(" ", command)
                            + "): "
                            + e.getMessage(),
                    e);
        }
        ServerProcess server = new ServerProcess(spec, process.toHandle(), true, archive);
        try {
            server.awaitReady(process, ready, timeout);
        } catch (RuntimeException e) {
            server.stop(); // never leave a half-started server behind
            throw e;
        }
        progress.accept(
                String.format(
                        "%s ready in %.1f s (pid %d, log %s)",
                        spec.name(),
                        (System.nanoTime() - started) / 1e9,
                        process.pid(),
                        spec.logFile()));
        return server;
    }

    private void awaitReady(Process process, BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new LocalInfraException(
                        "the "
                                + spec.name()
                                + " exited (code "
                                + process.exitValue()
                                + ") while starting. "
                                + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new LocalInfraException(
                        "the "
                                + spec.name()
                                + " was not ready on "
                                + spec.address()
                                + " after "
                                + timeout.toSeconds()
                                + " s, so it was stopped. If the log shows it was still starting,"
                                + " the machine is busy: allow a longer start timeout. "
                                + logTail());
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private String logTail() {
        List<String> lines;
        try {
            lines = Files.readAllLines(spec.logFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "Its log " + spec.logFile() + " cannot be read: " + e.getMessage();
        }
        return "Last lines of its log "
                + spec.logFile()
                + ":\n"
                + String.join(
                        "\n",
                        lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    }

    long pid() {
        return handle.pid();
    }

    boolean owned() {
        return owned;
    }

    /**
     * Stops the process (only called for servers this JVM started) and removes its pid file; after
     * a clean exit, keeps the class archive the server recorded, if it did, else drops it.
     */
    void stop() {
        if (stop(spec, handle)) {
            archive.ifPresent(ClassArchive::keepRecording);
        } else {
            archive.ifPresent(ClassArchive::abandon);
        }
    }

    /**
     * Stops whatever server the pid file names, whoever started it, and removes the pid file.
     * Returns one line saying what happened.
     */
    static String stopRecorded(Spec spec) {
        if (!Files.exists(spec.pidFile())) {
            return spec.name() + " was not running (no pid file)";
        }
        Optional<ProcessHandle> recorded = recorded(spec);
        if (recorded.isEmpty()) {
            deletePidFile(spec);
            return spec.name()
                    + " was not running (removed the stale pid file "
                    + spec.pidFile()
                    + ")";
        }
        Optional<ClassArchive> archive = recordingArchive(spec);
        if (stop(spec, recorded.get())) {
            archive.ifPresent(ClassArchive::keepRecording);
        } else {
            archive.ifPresent(ClassArchive::abandon);
        }
        return "stopped " + spec.name() + " (pid " + recorded.get().pid() + ")";
    }

    /**
     * SIGTERM first, so the broker can close its logs cleanly (a few seconds); killed if still
     * there after 15 s. True when it stopped on SIGTERM.
     */
    private static boolean stop(Spec spec, ProcessHandle process) {
        if (!isRunning(process)) {
            deletePidFile(spec);
            return false;
        }
        long started = System.nanoTime();
        process.destroy();
        boolean graceful = awaitExit(process, GRACEFUL_STOP);
        if (graceful) {
            log.info(
                    "stopped {} (pid {}) in {} ms",
                    spec.name(),
                    process.pid(),
                    (System.nanoTime() - started) / 1_000_000);
        } else {
            log.warn(
                    "{} (pid {}) did not stop within {} s: killing it",
                    spec.name(),
                    process.pid(),
                    GRACEFUL_STOP.toSeconds());
            process.destroyForcibly();
            awaitExit(process, Duration.ofSeconds(5));
        }
        deletePidFile(spec);
        return graceful;
    }

    /** Polls rather than onExit(), which cannot see a zombie as gone (see {@link #isRunning}). */
    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(process)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(Duration.ofMillis(50));
        }
        return true;
    }

    /** The live process the pid file names, if its command line is that of this server. */
    static Optional<ProcessHandle> recorded(Spec spec) {
        try {
            long pid = Long.parseLong(Files.readAllLines(spec.pidFile()).get(0).trim());
            return ProcessHandle.of(pid)
                    .filter(ServerProcess::isRunning)
                    .filter(
                            p ->
                                    p.info()
                                            .commandLine()
                                            .map(c -> c.contains(spec.commandMarker()))
                                            .orElse(true));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // no pid file, or not one of ours
        }
    }

    /** The class archive the server of the pid file records, if it does (its second line). */
    private static Optional<ClassArchive> recordingArchive(Spec spec) {
        try {
            List<String> lines = Files.readAllLines(spec.pidFile());
            return lines.size() > 1
                    ? ClassArchive.recordedAt(Path.of(lines.get(1)))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Alive and not a zombie. A server another JVM started is reparented to init when that JVM
     * exits; some inits (in containers, say) reap exited children only every few seconds, and until
     * then the process counts as alive although it has exited and freed its ports. Linux shows this
     * in /proc; elsewhere isAlive() is all there is.
     */
    private static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z'; // "pid (command) state ..."
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private static void deletePidFile(Spec spec) {
        try {
            Files.deleteIfExists(spec.pidFile());
        } catch (IOException e) {
            log.warn("cannot delete {}: {}", spec.pidFile(), e.getMessage());
        }
    }

    /**
     * True when {@code GET <uri>} answers 200 within two seconds: a server's readiness check over
     * HTTP.
     */
    static boolean answersOk(HttpClient http, String uri) {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(uri))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalInfraException("interrupted while waiting for a local server", e);
        }
    }
}

package io.lodestone.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One local server running as a separate OS process: its output goes to a log file, its pid to a pid
 * file (so {@code lodestone infra down} can find it from another process), and it counts as started
 * only when its readiness check passes.
 */
final class ServerProcess {

    /** How to start and recognise one server; {@code prepare} runs only before a new start, never on reuse. */
    record Spec(String name, List<String> command, Path logFile, Path pidFile, int port, BooleanSupplier ready, Runnable prepare) {
    }

    private final Spec spec;
    private final ProcessHandle handle;
    private final boolean owned;

    private ServerProcess(Spec spec, ProcessHandle handle, boolean owned) {
        this.spec = spec;
        this.handle = handle;
        this.owned = owned;
    }

    /** Reuses the server its pid file names if that one is alive and ready; otherwise starts a new one. */
    static ServerProcess startOrReuse(Spec spec, Duration timeout, Consumer<String> progress) {
        Optional<ProcessHandle> recorded = runningFromPidFile(spec.pidFile());
        if (recorded.isPresent() && spec.ready().getAsBoolean()) {
            progress.accept(spec.name() + " already running (pid " + recorded.get().pid() + ") on 127.0.0.1:" + spec.port() + ": reusing it");
            return new ServerProcess(spec, recorded.get(), false);
        }
        if (portInUse(spec.port())) {
            throw new LocalInfraException("port " + spec.port() + " on 127.0.0.1 is already taken, so the " + spec.name()
                    + " cannot start there. Another server (maybe an earlier Lodestone or Kafka) holds it: stop it ("
                    + "'./bin/lodestone infra down', or find it with 'ss -ltnp | grep " + spec.port() + "'), or choose another port "
                    + "(see './bin/lodestone infra up --help').");
        }
        try {
            Files.createDirectories(spec.logFile().getParent());
            spec.prepare().run();
            progress.accept("starting " + spec.name() + " on 127.0.0.1:" + spec.port() + " (log: " + spec.logFile() + ")");
            long started = System.nanoTime();
            Process process = new ProcessBuilder(spec.command())
                    .redirectErrorStream(true)
                    .redirectOutput(spec.logFile().toFile())
                    .start();
            Files.writeString(spec.pidFile(), Long.toString(process.pid()));
            ServerProcess server = new ServerProcess(spec, process.toHandle(), true);
            server.awaitReady(timeout);
            progress.accept(String.format("%s ready in %.1f s (pid %d)", spec.name(), (System.nanoTime() - started) / 1e9, process.pid()));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!handle.isAlive()) {
                cleanPidFile();
                throw new LocalInfraException("the " + spec.name() + " exited while starting. Last lines of " + spec.logFile() + ":\n"
                        + tail(spec.logFile(), 20));
            }
            if (spec.ready().getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new LocalInfraException("the " + spec.name() + " was not ready after " + timeout.toSeconds() + " s and was stopped. "
                        + "Last lines of " + spec.logFile() + ":\n" + tail(spec.logFile(), 20));
            }
            sleep(250);
        }
    }

    boolean owned() {
        return owned;
    }

    long pid() {
        return handle.pid();
    }

    /** Asks the server to shut down cleanly, then kills it if it has not gone within 20 s. */
    void stop() {
        stop(handle);
        cleanPidFile();
    }

    static void stop(ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    private void cleanPidFile() {
        try {
            Files.deleteIfExists(spec.pidFile());
        } catch (IOException ignored) {
            // a stale pid file is detected as such on the next start
        }
    }

    /** The process a pid file names, if that process is still alive. */
    static Optional<ProcessHandle> runningFromPidFile(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static boolean portInUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalInfraException("interrupted while waiting for a server");
        }
    }
}

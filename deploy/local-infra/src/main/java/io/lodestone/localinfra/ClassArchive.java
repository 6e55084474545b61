package io.lodestone.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class-data sharing archive (AppCDS) for one local server's JVM: the classes it loads at start,
 * parsed and verified once, then mapped by every later start. It halves the CPU a start takes
 * (measured here: the registry 3.9 → 2.0 s, the broker 4.6 → 2.6 s), which counts where tests start
 * dozens of servers side by side on two cores.
 *
 * <p>One start of a server with a given JVM, options and class path records the archive ({@code
 * -XX:ArchiveClassesAtExit}, which costs that start about as much as it saves a later one); the JVM
 * writes it as it exits, and {@link #keepRecording} makes it the archive once the server has
 * stopped cleanly. Starts meanwhile run without one, rather than each recording its own. A killed
 * server leaves no archive, and its claim to record lapses after {@link #ABANDONED}. Archives live
 * in {@code ~/.cache/lodestone/class-archives} ({@code $XDG_CACHE_HOME} when set), about 50 MB
 * each, one per server, keyed by everything the JVM checks the archive against; deleting them only
 * makes the next start slower. Where that directory cannot be written, servers start without one.
 */
final class ClassArchive {

    private static final Logger log = LoggerFactory.getLogger(ClassArchive.class);

    private static final String SUFFIX = ".jsa";
    private static final String CLAIM = ".claim";
    private static final String RECORDING = ".recording";

    /** A claim or recording older than this belongs to a server that never stopped cleanly. */
    static final Duration ABANDONED = Duration.ofMinutes(10);

    private final String server;
    private final Path archive;
    private final List<String> jvmOptions;

    /** Where this start records the archive, and its claim to do so; null when it does not. */
    private final Path recording;

    private final Path claim;

    private ClassArchive(
            String server, Path archive, List<String> jvmOptions, Path recording, Path claim) {
        this.server = server;
        this.archive = archive;
        this.jvmOptions = jvmOptions;
        this.recording = recording;
        this.claim = claim;
    }

    /**
     * The archive of {@code server} started with {@code jvmOptions} on {@code classPath} (jars, or
     * directories whose jars are on it), or none where the cache cannot be written.
     */
    static Optional<ClassArchive> of(String server, List<String> jvmOptions, List<Path> classPath) {
        return of(directory(), server, jvmOptions, classPath);
    }

    /** As {@link #of(String, List, List)}, with the archives in {@code dir}. */
    static Optional<ClassArchive> of(
            Path dir, String server, List<String> jvmOptions, List<Path> classPath) {
        try {
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                return Optional.empty();
            }
            Path archive = dir.resolve(server + "-" + key(jvmOptions, classPath) + SUFFIX);
            if (Files.isRegularFile(archive)) {
                return Optional.of(
                        new ClassArchive(
                                server,
                                archive,
                                List.of("-XX:SharedArchiveFile=" + archive),
                                null,
                                null));
            }
            removeAbandoned(dir, server);
            try {
                Files.createFile(claimOf(archive));
            } catch (FileAlreadyExistsException recordingElsewhere) {
                return Optional.of(new ClassArchive(server, archive, List.of(), null, null));
            }
            return Optional.of(
                    recording(
                            server,
                            archive,
                            archive.resolveSibling(
                                    archive.getFileName() + "." + UUID.randomUUID() + RECORDING)));
        } catch (IOException | UncheckedIOException e) {
            log.debug("no class archive for the {}: {}", server, e.toString());
            return Optional.empty();
        }
    }

    /**
     * The archive that the server writing {@code recording} records (as {@link #recording} gave
     * it), for a stop from another JVM.
     */
    static Optional<ClassArchive> recordedAt(Path recording) {
        String name = recording.getFileName().toString();
        int archiveEnd = name.lastIndexOf(SUFFIX + ".");
        if (!name.endsWith(RECORDING) || archiveEnd < 0) {
            return Optional.empty();
        }
        Path archive = recording.resolveSibling(name.substring(0, archiveEnd + SUFFIX.length()));
        String server = name.substring(0, name.lastIndexOf('-', archiveEnd));
        return Optional.of(recording(server, archive, recording));
    }

    /** A start that records {@code archive} into {@code recording}, under its claim. */
    private static ClassArchive recording(String server, Path archive, Path recording) {
        return new ClassArchive(
                server,
                archive,
                List.of("-XX:ArchiveClassesAtExit=" + recording),
                recording,
                claimOf(archive));
    }

    /** The file whose creation claims the recording of {@code archive}. */
    private static Path claimOf(Path archive) {
        return archive.resolveSibling(archive.getFileName() + CLAIM);
    }

    /** Where this start records the archive, if it does. */
    Optional<Path> recording() {
        return Optional.ofNullable(recording);
    }

    /** The JVM options that use the archive, or record it; none while another start records. */
    List<String> jvmOptions() {
        return jvmOptions;
    }

    /**
     * After the server exited cleanly: the recording it wrote becomes the archive, and this
     * server's archives for other JVMs or class paths go.
     */
    void keepRecording() {
        if (recording == null) {
            return;
        }
        try {
            if (Files.isRegularFile(recording) && Files.size(recording) > 0) {
                Files.move(
                        recording,
                        archive,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                try (DirectoryStream<Path> mine =
                        Files.newDirectoryStream(archive.getParent(), server + "-*" + SUFFIX)) {
                    for (Path other : mine) {
                        if (!other.equals(archive)) {
                            Files.deleteIfExists(other);
                        }
                    }
                }
                log.info("recorded the {}'s class archive {}", server, archive);
            }
        } catch (IOException e) {
            log.debug("could not keep the {}'s class archive: {}", server, e.toString());
        } finally {
            abandon();
        }
    }

    /** After the server was killed: its claim and whatever it recorded go. */
    void abandon() {
        if (recording == null) {
            return;
        }
        try {
            Files.deleteIfExists(recording);
            Files.deleteIfExists(claim);
        } catch (IOException e) {
            log.debug("could not remove the {}'s class recording: {}", server, e.toString());
        }
    }

    private static Path directory() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base =
                cache != null && !cache.isBlank()
                        ? Path.of(cache)
                        : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("lodestone").resolve("class-archives");
    }

    private static void removeAbandoned(Path dir, String server) throws IOException {
        Instant cutoff = Instant.now().minus(ABANDONED);
        try (DirectoryStream<Path> stale =
                Files.newDirectoryStream(dir, server + "-*{" + CLAIM + "," + RECORDING + "}")) {
            for (Path file : stale) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /**
     * What the JVM checks an archive against: its own build, the options, and each class-path jar's
     * name, size and time.
     */
    private static String key(List<String> jvmOptions, List<Path> classPath) throws IOException {
        List<String> parts = new ArrayList<>();
        parts.add(System.getProperty("java.home"));
        parts.add(System.getProperty("java.vm.version"));
        parts.addAll(jvmOptions);
        for (Path entry : classPath) {
            for (Path jar : jars(entry)) {
                parts.add(
                        jar
                                + " "
                                + Files.size(jar)
                                + " "
                                + Files.getLastModifiedTime(jar).toMillis());
            }
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static List<Path> jars(Path entry) throws IOException {
        if (!Files.isDirectory(entry)) {
            return List.of(entry);
        }
        try (Stream<Path> files = Files.list(entry)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }
}

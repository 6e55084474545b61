package io.lodestone.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchiveTest {

    @TempDir Path cache;
    @TempDir Path lib;

    @Test
    void oneStartRecordsTheArchiveThatLaterStartsUseOnceItsServerStoppedCleanly() throws Exception {
        Files.writeString(lib.resolve("a.jar"), "a");

        ClassArchive first = archive("broker", List.of("-Xmx160m"));
        assertThat(first.jvmOptions())
                .singleElement()
                .asString()
                .startsWith("-XX:ArchiveClassesAtExit=" + cache);
        assertThat(archive("broker", List.of("-Xmx160m")).jvmOptions())
                .as("a start while another records runs without an archive")
                .isEmpty();

        Path recording = written(first); // what the JVM writes as it exits
        first.keepRecording();
        assertThat(recording).doesNotExist();

        ClassArchive later = archive("broker", List.of("-Xmx160m"));
        assertThat(later.jvmOptions())
                .singleElement()
                .asString()
                .startsWith("-XX:SharedArchiveFile=" + cache);
        assertThat(Files.readString(argument(later))).isEqualTo("archive");
        assertThat(files()).containsExactly(argument(later).getFileName().toString());
    }

    @Test
    void aStopFromAnotherJvmKeepsTheRecordingItWasGiven() throws Exception {
        Files.writeString(lib.resolve("a.jar"), "a");
        Path recording = written(archive("connect-worker", List.of()));

        ClassArchive.recordedAt(recording).orElseThrow().keepRecording();

        ClassArchive later = archive("connect-worker", List.of());
        assertThat(later.jvmOptions())
                .singleElement()
                .asString()
                .startsWith("-XX:SharedArchiveFile=");
        assertThat(files()).containsExactly(argument(later).getFileName().toString());
        assertThat(ClassArchive.recordedAt(lib.resolve("a.jar"))).isEmpty();
    }

    @Test
    void aKilledRecorderLeavesNoArchiveAndTheNextStartRecords() throws Exception {
        Files.writeString(lib.resolve("a.jar"), "a");
        ClassArchive killed = archive("registry", List.of());
        written(killed);
        killed.abandon();
        assertThat(files()).isEmpty();
        assertThat(archive("registry", List.of()).jvmOptions())
                .singleElement()
                .asString()
                .startsWith("-XX:ArchiveClassesAtExit=");
    }

    @Test
    void aClaimOlderThanTheLapseIsTakenOver() throws Exception {
        Files.writeString(lib.resolve("a.jar"), "a");
        archive("registry", List.of()); // its server never stops
        try (Stream<Path> claims = Files.list(cache)) {
            for (Path claim : claims.toList()) {
                Files.setLastModifiedTime(
                        claim,
                        FileTime.from(Instant.now().minus(ClassArchive.ABANDONED).minusSeconds(1)));
            }
        }
        assertThat(archive("registry", List.of()).jvmOptions())
                .singleElement()
                .asString()
                .startsWith("-XX:ArchiveClassesAtExit=");
    }

    @Test
    void aChangedJarOrOptionNeedsANewArchiveAndKeepingItRemovesTheOldOne() throws Exception {
        Files.writeString(lib.resolve("a.jar"), "a");
        keep(archive("registry", List.of()));
        keep(archive("connect", List.of()));
        assertThat(archive("registry", List.of()).jvmOptions())
                .singleElement()
                .asString()
                .startsWith("-XX:SharedArchiveFile=");
        assertThat(archive("registry", List.of("-Xmx1g")).jvmOptions())
                .singleElement()
                .asString()
                .startsWith("-XX:ArchiveClassesAtExit=");

        Files.writeString(lib.resolve("a.jar"), "a rebuilt jar");
        ClassArchive rebuilt = archive("registry", List.of());
        assertThat(rebuilt.jvmOptions())
                .singleElement()
                .asString()
                .startsWith("-XX:ArchiveClassesAtExit=");
        keep(rebuilt);
        assertThat(files())
                .hasSize(3) // the new registry archive, the connect one, the -Xmx1g claim
                .contains(argument(archive("registry", List.of())).getFileName().toString())
                .filteredOn(name -> name.endsWith(".jsa"))
                .hasSize(2);
    }

    private ClassArchive archive(String server, List<String> options) {
        return ClassArchive.of(cache, server, options, List.of(lib)).orElseThrow();
    }

    /** The server ran with the recording option and stopped cleanly. */
    private static void keep(ClassArchive archive) throws Exception {
        written(archive);
        archive.keepRecording();
    }

    private static Path written(ClassArchive archive) throws Exception {
        return Files.writeString(argument(archive), "archive");
    }

    private static Path argument(ClassArchive archive) {
        String option = archive.jvmOptions().get(0);
        return Path.of(option.substring(option.indexOf('=') + 1));
    }

    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}

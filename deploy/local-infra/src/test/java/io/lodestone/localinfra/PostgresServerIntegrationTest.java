package io.lodestone.localinfra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local PostgreSQL from a clone under a directory only its owner can enter (mode 700, like
 * /root or what mktemp -d makes): it starts, answers psql, says where its cluster is, and stops.
 */
class PostgresServerIntegrationTest {

    @TempDir Path tmp;

    @Test
    void startsFromADataDirectoryUnderOneOnlyItsOwnerCanEnter() throws Exception {
        Path closed = Files.createDirectories(tmp.resolve("home"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path dataDir = closed.resolve("clone/.lodestone");
        int port = Ports.freePort();
        List<String> progress = new ArrayList<>();

        try (PostgresServer postgres = PostgresServer.startOrReuse(dataDir, port, progress::add)) {
            assertThat(psql(port, "select 6 * 7")).isEqualTo("42");
            assertThat(PostgresServer.status(dataDir)).contains("running");
            Path location = dataDir.resolve("postgres").resolve(PostgresServer.LOCATION_FILE);
            if ("root".equals(System.getProperty("user.name"))) {
                // PostgreSQL runs as the postgres user, which cannot enter the clone: the cluster
                // lives elsewhere, said so.
                Path cluster = Path.of(Files.readString(location).strip());
                assertThat(cluster)
                        .startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
                assertThat(cluster.resolve("data/PG_VERSION")).exists();
                assertThat(progress)
                        .anySatisfy(
                                line ->
                                        assertThat(line)
                                                .contains("the postgres user cannot enter")
                                                .contains(cluster.toString()));
            } else {
                assertThat(location).doesNotExist();
                assertThat(dataDir.resolve("postgres/data/PG_VERSION")).exists();
            }
        }
        assertThat(PostgresServer.status(dataDir)).contains("stopped");
        Path location = dataDir.resolve("postgres").resolve(PostgresServer.LOCATION_FILE);
        if (Files.exists(location)) { // the cluster outside the temporary directory of the test
            try (var files = Files.walk(Path.of(Files.readString(location).strip()))) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One value from a query through Debian's psql, a client nobody here wrote. */
    private static String psql(int port, String query) throws Exception {
        Process psql =
                new ProcessBuilder(
                                "psql",
                                "-h",
                                Ports.HOST,
                                "-p",
                                String.valueOf(port),
                                "-U",
                                PostgresServer.USER,
                                "-d",
                                PostgresServer.DATABASE,
                                "-tAc",
                                query)
                        .redirectErrorStream(true)
                        .start();
        String out =
                new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(psql.waitFor()).as(out).isZero();
        return out;
    }
}

package io.lodestone.localinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where the local servers' built parts are: in a clone, what Maven builds in each module's target
 * directory; in the local distribution ({@code lodestone-<version>-local.tar.gz}), its {@code
 * infra/} directory. A part that is missing fails with what to do about it.
 */
public record InfraParts(Path home, boolean distribution) {

    /** The directory of the local distribution that holds the servers. */
    static final String INFRA = "infra";

    /** The parts of the clone or local distribution at {@code home}. */
    public static InfraParts of(Path home) {
        return new InfraParts(home, Files.isDirectory(home.resolve(INFRA)));
    }

    /** The Kafka broker's and Connect worker's classpath: one directory of jars. */
    public Path kafkaLib() {
        Path lib =
                distribution
                        ? home.resolve(INFRA).resolve("kafka/lib")
                        : home.resolve("deploy/broker/target/lib");
        if (!Files.isDirectory(lib)) {
            throw missing("the Kafka broker", lib, "-f deploy/broker/pom.xml package");
        }
        return lib;
    }

    /** The schema registry's runner jar (its libraries in {@code lib/} beside it). */
    public Path registryJar() {
        Path dir =
                distribution
                        ? home.resolve(INFRA).resolve("registry")
                        : home.resolve("deploy/registry/target");
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    missing(
                                            "the schema registry",
                                            dir.resolve("*-runner.jar"),
                                            "-f deploy/registry/pom.xml package"));
        } catch (IOException e) {
            throw new LocalInfraException(
                    "cannot look for the schema registry jar in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The Connect plugin directory: one subdirectory per plugin, as {@code plugin.path} expects,
     * with Lodestone's connectors in it.
     */
    public Path connectPlugins() {
        Path plugins =
                distribution
                        ? home.resolve(INFRA).resolve("connect-plugins")
                        : home.resolve("connectors/target/plugin");
        if (!Files.isDirectory(plugins.resolve("lodestone-connectors"))) {
            throw missing(
                    "the connector plugin",
                    plugins.resolve("lodestone-connectors"),
                    "package -DskipTests -pl connectors -am");
        }
        return plugins;
    }

    /** {@code maven}: the arguments that build the part, run in the clone's directory. */
    private LocalInfraException missing(String what, Path path, String maven) {
        if (distribution) {
            return new LocalInfraException(
                    what
                            + " is missing from this distribution: "
                            + path
                            + " does not exist. Unpack lodestone-<version>-local.tar.gz again.");
        }
        return new LocalInfraException(
                what
                        + " is not built: "
                        + path
                        + " is missing. Build it with 'cd "
                        + home
                        + " && mvn -B "
                        + maven
                        + "' (or run ./bin/lodestone, which builds everything).");
    }
}

package io.lodestone.cli;

import io.lodestone.config.LodestoneConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}: the properties file; LODESTONE_* environment variables override it. */
public final class ConfigOptions {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description =
                    "Properties file (see README: Configuration). Environment variables"
                            + " LODESTONE_<KEY> override it.")
    Path file;

    public LodestoneConfig load() {
        return LodestoneConfig.load(file, System.getenv());
    }
}

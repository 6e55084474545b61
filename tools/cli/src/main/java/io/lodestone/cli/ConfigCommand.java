package io.lodestone.cli;

import io.lodestone.config.LodestoneConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Prints the effective configuration and where each value came from, or a commented template of
 * every setting.
 */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = {
            "Print the effective configuration: every setting, its value and its source (default,"
                    + " file, env).",
            "With --template: a properties file of every setting, commented out at its default,"
                    + " with what it does."
        })
final class ConfigCommand implements Runnable {

    @Mixin ConfigOptions config;

    @Option(
            names = "--template",
            description =
                    "Print a commented properties file of every setting instead (the distribution's"
                            + " config/lodestone.properties).")
    boolean template;

    @Override
    public void run() {
        System.out.print(template ? LodestoneConfig.template() : config.load().describe());
    }
}

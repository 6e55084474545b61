package io.lodestone.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Prints the effective configuration and where each value came from. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the effective configuration: every setting, its value and its source (default, file, env).")
final class ConfigCommand implements Runnable {

    @Mixin
    ConfigOptions config;

    @Override
    public void run() {
        System.out.print(config.load().describe());
    }
}

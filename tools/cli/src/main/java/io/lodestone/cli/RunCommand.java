package io.lodestone.cli;

import io.lodestone.app.LodestoneApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the stream application against any cluster until Ctrl-C. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Lodestone stream application against the configured Kafka cluster and schema"
                    + " registry until Ctrl-C.",
            "Creates missing topics first (topic.create)."
        })
final class RunCommand implements Callable<Integer> {

    @Mixin ConfigOptions config;

    @Override
    public Integer call() throws InterruptedException {
        return LodestoneApp.runUntilStopped(config.load()) ? 0 : 1;
    }
}

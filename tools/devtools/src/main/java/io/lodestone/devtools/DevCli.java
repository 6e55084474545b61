package io.lodestone.devtools;

import io.lodestone.cli.LodestoneCli;
import io.lodestone.localinfra.LocalInfraException;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * The {@code lodestone} command of a clone ({@code ./bin/lodestone}): the operator's commands plus
 * the developer tools — {@code demo} end to end on the local default, {@code infra} for the local
 * servers, {@code simulate} for seeded histories. None of these is in the distribution or the
 * image: they need the simulator and the local servers' launcher.
 */
public final class DevCli {

    private DevCli() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli =
                LodestoneCli.commandLine(
                        List.of(new DemoCommand(), new InfraCommand(), new SimulateCommand()),
                        Set.of(LocalInfraException.class));
        cli.getCommandSpec()
                .usageMessage()
                .footer(
                        "",
                        "Start here: lodestone demo   (local broker + registry, simulated history, "
                                + "alerts and route volumes on screen)");
        return cli;
    }
}

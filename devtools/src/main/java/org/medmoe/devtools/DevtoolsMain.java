package org.medmoe.devtools;

import org.medmoe.app.cli.Main;
import org.medmoe.devtools.bench.BenchCommand;
import org.medmoe.devtools.demo.DemoCommand;
import org.medmoe.devtools.drill.DrillCommand;
import picocli.CommandLine;

/**
 * Entry point of {@code ./medmoe}: the service's command line ({@link Main}) with the tools'
 * commands added, {@code demo}, {@code bench} and {@code drill}. The image runs the service's entry point, without
 * them.
 */
public final class DevtoolsMain {
    private DevtoolsMain() {
    }

    public static void main(String[] args) {
        System.exit(Main.execute(commandLine(), args));
    }

    /** The service's command line with {@code demo}, {@code bench} and {@code drill} first. */
    public static CommandLine commandLine() {
        return Main.commandLine(new DemoCommand(), new BenchCommand(), new DrillCommand());
    }
}

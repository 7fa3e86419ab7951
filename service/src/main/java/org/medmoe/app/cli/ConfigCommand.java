package org.medmoe.app.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medmoe.app.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe config}: the resolved configuration, one key a line with its value (secrets shown
 * as {@code ******}) and where the value came from. Contacts nothing.
 */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Print the resolved configuration: every key, its value (secrets masked)"
        + " and where it came from (default, file, environment, command line).")
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() {
        print(configOptions.load(Map.of()), spec.commandLine().getOut());
        return 0;
    }

    /** Writes {@code key = value  (origin)} lines, secrets masked, in key order. */
    static void print(Config config, PrintWriter out) {
        int width = config.maskedEntries().stream().mapToInt(e -> e.key().length()).max().orElse(0);
        for (Config.Entry e : config.maskedEntries()) {
            String shown = e.key() + " ".repeat(width - e.key().length()) + " = " + (e.shown() == null ? "" : e.shown());
            out.printf("%-" + Math.max(1, width + 40) + "s  (%s)%n", shown, e.origin());
        }
        out.flush();
    }
}

package org.medmoe.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigLoader;
import picocli.CommandLine.Option;

/** The {@code --config} and {@code --set} options shared by the commands that read configuration. */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (see docs/configuration.md).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one configuration key (repeatable; not for secrets: use MEDMOE_<KEY> or MEDMOE_<KEY>_FILE).")
    Map<String, String> overrides = new LinkedHashMap<>();

    /**
     * Loads the configuration: defaults, file, environment, then {@code extra} (set by the command
     * itself), then {@code --set}, which may not hold secrets.
     */
    public Config load(Map<String, String> extra) {
        ConfigLoader loader = ConfigLoader.builder().overrides(extra).commandLine(overrides);
        if (file != null) {
            loader.file(file);
        }
        return loader.load();
    }

    /**
     * Loads the configuration with a command's own options as shorthands for keys: they count as
     * command line (secrets refused, shown as such in the dump), and {@code --set} wins over them.
     */
    Config loadWithShorthands(Map<String, String> shorthands) {
        Map<String, String> commandLine = new LinkedHashMap<>(shorthands);
        commandLine.putAll(overrides);
        ConfigLoader loader = ConfigLoader.builder().commandLine(commandLine);
        if (file != null) {
            loader.file(file);
        }
        return loader.load();
    }
}

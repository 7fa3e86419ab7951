package org.medmoe.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigLoader;
import picocli.CommandLine.Option;

/** The {@code --config} and {@code --set} options shared by the commands that read configuration. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (see docs/configuration.md).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key (repeatable).")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** Loads the configuration: defaults, file, environment, then {@code extra}, then {@code --set}. */
    Config load(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(extra);
        all.putAll(overrides);
        ConfigLoader loader = ConfigLoader.builder().overrides(all);
        if (file != null) {
            loader.file(file);
        }
        return loader.load();
    }
}

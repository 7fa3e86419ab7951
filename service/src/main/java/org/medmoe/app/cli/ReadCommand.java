package org.medmoe.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.app.service.StreamsProperties;
import org.medmoe.app.topics.ReadOptions;
import org.medmoe.app.topics.TopicException;
import org.medmoe.app.topics.TopicReader;
import org.medmoe.registry.RegistryException;
import org.medmoe.registry.SchemaRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe read TOPIC}: the committed records of a topic as JSON lines, values decoded through
 * the schema registry, with the {@code kafka.*} and {@code registry.*} settings of the configuration.
 * Without {@code --follow} it ends at the end the topic had when it began (or after {@code --max}
 * records, or {@code --timeout} without one).
 */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = "Print the committed records of a topic as JSON lines (Avro values decoded through the schema registry).")
final class ReadCommand implements Callable<Integer> {
    /** Exit code when the configuration, Kafka or the registry fail. */
    static final int EXIT_FAILED = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions configOptions;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic, e.g. medmoe.findings.")
    String topic;

    @Option(names = "--from-beginning", description = "From each partition's start (default: only records written from now on).")
    boolean fromBeginning;

    @Option(names = "--follow", description = "Keep printing new records until stopped (default: stop at the topic's end).")
    boolean follow;

    @Option(names = "--study", paramLabel = "UID", description = "Only records of this study (the key or the value's studyInstanceUid).")
    String study;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records (default 0: no limit).")
    long max;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Stop when no record has come for this long (default: never, but see --follow).")
    Double timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Config config = configOptions.load(Map.of());
            Duration idle = timeoutSeconds == null ? null : Duration.ofMillis(Math.round(timeoutSeconds * 1000));
            ReadOptions options = new ReadOptions(topic, fromBeginning, follow, study, max, idle);
            try (SchemaRegistry registry = RegistryWiring.client(config)) {
                new TopicReader(StreamsProperties.client(config), registry).read(options, line -> {
                    try {
                        out.println(JSON.writeValueAsString(line));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new UncheckedIOException(e);
                    }
                    out.flush();
                });
            }
            return 0;
        } catch (ConfigException | IllegalArgumentException | TopicException | RegistryException e) {
            out.flush();
            spec.commandLine().getErr().println("medmoe read: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return EXIT_FAILED;
        }
    }
}

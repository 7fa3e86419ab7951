package org.medmoe.app.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.deadletters.DeadLetterEntry;
import org.medmoe.app.deadletters.DeadLetterException;
import org.medmoe.app.deadletters.DeadLetterFormat;
import org.medmoe.app.deadletters.DeadLetterReader;
import org.medmoe.app.deadletters.DeadLetterReplayer;
import org.medmoe.app.deadletters.DeadLetterSelection;
import org.medmoe.app.service.RegistryWiring;
import org.medmoe.app.service.StreamsProperties;
import org.medmoe.registry.RegistryException;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.DeadLetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe dead-letters list|replay}: what is on the dead-letter topic, and re-publishing the
 * original records of the ones whose cause was fixed. Reads with the service's configuration
 * ({@code kafka.*}, {@code registry.*}, {@code topics.*}).
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true, description = "List the dead letters, or replay their original records.",
        subcommands = {DeadLettersCommand.ListLetters.class, DeadLettersCommand.Replay.class})
final class DeadLettersCommand {
    /** Exit code when the configuration, the filters or Kafka fail. */
    static final int EXIT_FAILED = 2;

    /** The configuration and the filters, shared by both subcommands. */
    static final class Filters {
        @Mixin
        ConfigOptions configOptions;

        @Option(names = "--reason", split = ",", paramLabel = "CODE",
                description = "Only these reason codes, e.g. PACS_UNREACHABLE,TIMEOUT (repeatable).")
        List<String> reasons = new ArrayList<>();

        @Option(names = "--stage", split = ",", paramLabel = "STAGE",
                description = "Only these stages, e.g. intake, plan, fetch, decode, model (repeatable).")
        List<String> stages = new ArrayList<>();

        @Option(names = "--since", paramLabel = "TIME",
                description = "Only letters written since TIME: an ISO-8601 instant or a duration back from now (PT2H).")
        String since;

        @Option(names = "--partition", paramLabel = "N", description = "Only this partition of the dead-letter topic.")
        Integer partition;

        @Option(names = "--offset", split = ",", paramLabel = "N",
                description = "Only these offsets of the dead-letter topic (needs --partition; repeatable).")
        List<Long> offsets = new ArrayList<>();

        DeadLetterSelection selection() {
            return new DeadLetterSelection(DeadLetterSelection.reasons(reasons), new HashSet<>(stages),
                    since == null ? null : DeadLetterSelection.since(since, Instant.now()), partition,
                    new HashSet<>(offsets));
        }

        /** The selected dead letters, in dead-letter-topic order; unreadable records are reported to {@code err}. */
        List<DeadLetterEntry> select(Config config, PrintWriter err) {
            DeadLetterSelection selection = selection();
            try (SchemaRegistry registry = RegistryWiring.client(config)) {
                var deserializer = RegistryWiring.serdes(config, registry).valueSerde(DeadLetter.class).deserializer();
                return DeadLetterReader.read(StreamsProperties.client(config),
                        config.string(ConfigKeys.TOPIC_DEAD_LETTERS), deserializer,
                        problem -> err.println("medmoe dead-letters: " + problem))
                        .stream().filter(selection::matches).toList();
            }
        }
    }

    /** Runs {@code body}, turning the expected failures into one line on stderr and exit code 2. */
    static int guarded(CommandSpec spec, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (ConfigException | IllegalArgumentException | DeadLetterException | RegistryException e) {
            spec.commandLine().getErr().println("medmoe dead-letters: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return EXIT_FAILED;
        }
    }

    /** {@code medmoe dead-letters list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print one line (or one JSON object) per dead letter.")
    static final class ListLetters implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Filters filters;

        @Option(names = "--json", description = "One JSON object per line instead of text.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            return guarded(spec, () -> {
                PrintWriter out = spec.commandLine().getOut();
                Config config = filters.configOptions.load(Map.of());
                for (DeadLetterEntry e : filters.select(config, spec.commandLine().getErr())) {
                    out.println(json ? DeadLetterFormat.json(e) : DeadLetterFormat.line(e));
                }
                out.flush();
                return 0;
            });
        }
    }

    /** {@code medmoe dead-letters replay}. */
    @Command(name = "replay", mixinStandardHelpOptions = true, description = "Re-publish the original key and value of the selected dead letters to"
            + " their original topic (or --to TOPIC), in one transaction. Safe to repeat: intake and analysis drop"
            + " a study revision they have already handled.")
    static final class Replay implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Filters filters;

        @Option(names = "--to", paramLabel = "TOPIC", description = "Publish to TOPIC instead of the original topic.")
        String to;

        @Option(names = "--dry-run", description = "Say what would be replayed, publish nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            return guarded(spec, () -> {
                PrintWriter out = spec.commandLine().getOut();
                Config config = filters.configOptions.load(Map.of());
                List<DeadLetterEntry> selected = filters.select(config, spec.commandLine().getErr());
                List<DeadLetterReplayer.Outcome> outcomes = DeadLetterReplayer.replay(StreamsProperties.client(config),
                        selected, to, dryRun);
                for (DeadLetterReplayer.Outcome o : outcomes) {
                    out.println(o.note() + ": dead-letter " + o.entry().position() + " (" + o.entry().letter().getReason()
                            + ", study " + (o.entry().key() == null ? "-" : o.entry().key()) + ")"
                            + (o.target() == null ? "" : " -> " + o.target()));
                }
                long replayed = outcomes.stream().filter(DeadLetterReplayer.Outcome::replayed).count();
                out.println(dryRun ? outcomes.size() + " dead letter(s) selected, nothing published (dry run)"
                        : replayed + " of " + outcomes.size() + " selected dead letter(s) replayed in one transaction");
                out.flush();
                return 0;
            });
        }
    }
}

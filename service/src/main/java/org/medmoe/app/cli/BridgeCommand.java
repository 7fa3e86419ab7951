package org.medmoe.app.cli;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKey;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.service.OrthancBridgeRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe bridge orthanc}: follows an Orthanc change feed and publishes a StudyEvent per
 * stable study, resuming after a restart from the position kept in Kafka. Reads the service's
 * configuration ({@code --config}, {@code MEDMOE_*}, {@code --set}); its own options are
 * shorthands for {@code bridge.*} and a few shared keys, below {@code --set} in precedence.
 * Runs until the process is stopped.
 */
@Command(name = "bridge", mixinStandardHelpOptions = true, description = "PACS change-feed bridges.",
        subcommands = BridgeCommand.Orthanc.class)
public final class BridgeCommand {

    /** The Orthanc bridge. */
    @Command(name = "orthanc", mixinStandardHelpOptions = true,
            description = "Publish a StudyEvent for each StableStudy of an Orthanc change feed.")
    static final class Orthanc implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions configOptions;

        @Option(names = "--url", description = "Orthanc REST root, e.g. http://orthanc:8042 (bridge.orthanc.url).")
        URI url;

        @Option(names = "--dicomweb-url", description = "DICOMweb root put in the events (bridge.dicomweb.url).")
        URI dicomWebUrl;

        @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (kafka.bootstrap.servers).")
        String bootstrapServers;

        @Option(names = "--registry-url", description = "Schema registry, Confluent-compatible API (registry.url).")
        String registryUrl;

        @Option(names = "--topic", description = "Events topic (topics.study.events).")
        String topic;

        @Option(names = "--state-topic", description = "Compacted topic of the bridge position (bridge.state.topic).")
        String stateTopic;

        @Option(names = "--source", description = "Source name in the events (bridge.source).")
        String source;

        @Option(names = "--poll-interval", description = "Pause when the feed is drained, ISO-8601 (bridge.poll.interval.ms).")
        Duration pollInterval;

        @Option(names = "--replication-factor",
                description = "Replication of the state topic (bridge.state.replication.factor).")
        Short replication;

        @Option(names = "--print-config", description = "Print the resolved configuration (secrets masked) and exit.")
        boolean printConfig;

        /** The configuration: defaults, file, environment, these options, then {@code --set}. */
        Config config() {
            Map<String, String> shorthands = new LinkedHashMap<>();
            put(shorthands, ConfigKeys.BRIDGE_ORTHANC_URL, url);
            put(shorthands, ConfigKeys.BRIDGE_DICOMWEB_URL, dicomWebUrl);
            put(shorthands, ConfigKeys.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
            put(shorthands, ConfigKeys.REGISTRY_URL, registryUrl);
            put(shorthands, ConfigKeys.TOPIC_STUDY_EVENTS, topic);
            put(shorthands, ConfigKeys.BRIDGE_STATE_TOPIC, stateTopic);
            put(shorthands, ConfigKeys.BRIDGE_SOURCE, source);
            put(shorthands, ConfigKeys.BRIDGE_POLL_INTERVAL_MS, pollInterval == null ? null : pollInterval.toMillis());
            put(shorthands, ConfigKeys.BRIDGE_STATE_REPLICATION_FACTOR, replication);
            return configOptions.loadWithShorthands(shorthands);
        }

        private static void put(Map<String, String> map, ConfigKey key, Object value) {
            if (value != null) {
                map.put(key.name(), value.toString());
            }
        }

        @Override
        public Integer call() throws Exception {
            Config config = config();
            if (printConfig) {
                config.masked().forEach((k, v) -> spec.commandLine().getOut().printf("%s = %s%n", k, v == null ? "" : v));
                return 0;
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.set(true);
                try {
                    main.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bridge-stop"));
            OrthancBridgeRunner.run(config, stop::get);
            return 0;
        }
    }
}

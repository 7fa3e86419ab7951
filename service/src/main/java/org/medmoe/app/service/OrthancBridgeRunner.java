package org.medmoe.app.service;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.serialization.Serializer;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.ingest.orthanc.BridgeException;
import org.medmoe.ingest.orthanc.KafkaBridgeSink;
import org.medmoe.ingest.orthanc.OrthancBridge;
import org.medmoe.ingest.orthanc.OrthancRest;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.StudyEvent;

/**
 * Runs the Orthanc bridge from the service configuration: Kafka clients from {@code kafka.*}
 * (TLS, SASL and pass-through properties included), the StudyEvent serializer from
 * {@code registry.*} (subject strategy and auto-registration as the service's), Orthanc and the
 * topics from {@code bridge.*} and {@code topics.study.events}. Blocks the calling thread; closes
 * what it opens.
 */
public final class OrthancBridgeRunner {
    private OrthancBridgeRunner() {
    }

    /**
     * Creates the events topic (when {@code topics.create}, as the service does) and the state
     * topic when missing, restores the bridge's position and follows the change
     * feed until {@code stop} says so.
     *
     * @throws BridgeException when the state cannot be restored or a commit fails
     * @throws ServiceStartException when the events topic cannot be created
     */
    public static void run(Config config, BooleanSupplier stop) throws BridgeException {
        OrthancBridgeSettings settings = OrthancBridgeSettings.from(config);
        Properties clientProps = StreamsProperties.client(config);
        if (config.bool(ConfigKeys.TOPICS_CREATE)) {
            TopicAdmin.createMissing(clientProps, List.of(settings.eventsTopic()),
                    config.integer(ConfigKeys.TOPICS_PARTITIONS), config.integer(ConfigKeys.TOPICS_REPLICATION_FACTOR));
        }
        Map<String, Object> client = new HashMap<>();
        clientProps.forEach((k, v) -> client.put(k.toString(), v));
        try (SchemaRegistry registry = RegistryWiring.client(config)) {
            Serializer<StudyEvent> serializer = RegistryWiring.serdes(config, registry)
                    .valueSerde(StudyEvent.class).serializer();
            KafkaBridgeSink.createStateTopic(client, settings.stateTopic(), settings.stateReplication());
            try (KafkaBridgeSink sink = new KafkaBridgeSink(client, settings.eventsTopic(), settings.stateTopic(),
                    settings.bridge().source(), serializer)) {
                OrthancRest rest = new OrthancRest(settings.orthancUrl(), settings.auth().header(),
                        settings.requestTimeout());
                new OrthancBridge(rest, sink, settings.bridge(), Clock.systemUTC()).run(stop, settings.pollInterval());
            }
        }
    }
}

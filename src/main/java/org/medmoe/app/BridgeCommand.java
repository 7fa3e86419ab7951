package org.medmoe.app;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.medmoe.dicom.sr.StructuredReportWriter;
import org.medmoe.ingest.orthanc.BridgeConfig;
import org.medmoe.ingest.orthanc.KafkaBridgeSink;
import org.medmoe.ingest.orthanc.OrthancBridge;
import org.medmoe.ingest.orthanc.OrthancRest;
import org.medmoe.registry.AvroSerdes;
import org.medmoe.registry.HttpSchemaRegistry;
import org.medmoe.registry.RegistryClientConfig;
import org.medmoe.schema.StudyEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code medmoe bridge orthanc --url ...}: follows an Orthanc change feed and publishes a
 * StudyEvent per stable study, resuming after a restart from the position kept in Kafka. Runs
 * until the process is stopped.
 */
@Command(name = "bridge", mixinStandardHelpOptions = true, description = "PACS change-feed bridges.",
        subcommands = BridgeCommand.Orthanc.class)
public final class BridgeCommand {

    /** The Orthanc bridge. */
    @Command(name = "orthanc", mixinStandardHelpOptions = true,
            description = "Publish a StudyEvent for each StableStudy of an Orthanc change feed.")
    static final class Orthanc implements Callable<Integer> {

        @Option(names = "--url", required = true, description = "Orthanc REST root, e.g. http://orthanc:8042")
        URI url;

        @Option(names = "--dicomweb-url", description = "DICOMweb root put in the events (default: <url>/dicom-web)")
        URI dicomWebUrl;

        @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka bootstrap servers.")
        String bootstrapServers;

        @Option(names = "--registry-url", defaultValue = "http://localhost:8081",
                description = "Schema registry (Confluent-compatible API).")
        String registryUrl;

        @Option(names = "--topic", defaultValue = "pacs.study.events", description = "Events topic.")
        String topic;

        @Option(names = "--state-topic", defaultValue = "medmoe.bridge.state",
                description = "Compacted topic holding the bridge position.")
        String stateTopic;

        @Option(names = "--source", defaultValue = "orthanc:main", description = "Source name in the events.")
        String source;

        @Option(names = "--poll-interval", defaultValue = "PT1S", description = "Pause when the feed is drained (ISO-8601).")
        Duration pollInterval;

        @Option(names = "--replication-factor", defaultValue = "3", description = "Replication of the state topic.")
        short replication;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> props = new HashMap<>();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            String authorization = System.getenv("MEDMOE_ORTHANC_AUTHORIZATION");
            URI web = dicomWebUrl != null ? dicomWebUrl : URI.create(url.toString().replaceAll("/$", "") + "/dicom-web");
            Serde<StudyEvent> serde = AvroSerdes.value(StudyEvent.class,
                    new HttpSchemaRegistry(RegistryClientConfig.of(registryUrl)));
            KafkaBridgeSink.createStateTopic(props, stateTopic, replication);
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
            try (KafkaBridgeSink sink = new KafkaBridgeSink(props, topic, stateTopic, source, serde.serializer())) {
                OrthancBridge bridge = new OrthancBridge(new OrthancRest(url, authorization, Duration.ofSeconds(30)),
                        sink, new BridgeConfig(source, web, 100, StructuredReportWriter.MANUFACTURER), Clock.systemUTC());
                bridge.run(stop::get, pollInterval);
            }
            return 0;
        }
    }
}

package org.medmoe.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.embedded.EmbeddedKafka;
import org.medmoe.embedded.EmbeddedRegistry;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.StudyEvent;
import org.medmoe.topology.TopicNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code medmoe demo}: the whole service on an embedded broker and schema registry. Publishes a set
 * of study events, some wrong on purpose, and shows what the pipeline made of each.
 */
@Command(name = "demo", description = "Run the pipeline on an embedded Kafka broker and schema registry with sample studies.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--timeout", defaultValue = "PT2M", description = "How long to wait for the results (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--keep-running", description = "Keep the embedded broker, registry and service up until Ctrl-C.")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println("MedMoE Stream demo: embedded Kafka broker + schema registry, the real topology.");
        out.flush();
        Path stateDir = Files.createTempDirectory("medmoe-demo-state-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(System.out);
                EmbeddedRegistry registryProcess = EmbeddedRegistry.start(Path.of(System.getProperty(EmbeddedRegistry.HOME_PROPERTY,
                        EmbeddedRegistry.DEFAULT_HOME)), System.out,
                        Duration.ofMinutes(2))) {
            Map<String, String> settings = new HashMap<>();
            settings.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
            settings.put(ConfigKeys.REGISTRY_URL.name(), registryProcess.url());
            settings.put(ConfigKeys.KAFKA_APPLICATION_ID.name(), "medmoe-demo");
            settings.put(ConfigKeys.KAFKA_STATE_DIR.name(), stateDir.toString());
            settings.put(ConfigKeys.TOPICS_PARTITIONS.name(), "1");
            Config config = Config.of(settings);
            TopicNames topics = StreamService.topicNames(config);
            try (SchemaRegistry registry = RegistryWiring.client(config);
                    StreamService service = StreamService.start(config, RegistryWiring.serdes(config, registry))) {
                out.println("service: starting Kafka Streams (exactly-once) ...");
                out.flush();
                service.awaitRunning(Duration.ofMinutes(1));
                out.println("service: RUNNING");
                Serde<StudyEvent> eventSerde = RegistryWiring.serdes(config, registry).valueSerde(StudyEvent.class);
                Serde<DeadLetter> letterSerde = RegistryWiring.serdes(config, registry).valueSerde(DeadLetter.class);
                List<DemoInputs.Input> inputs = DemoInputs.all(Instant.now());
                List<Long> offsets = publish(kafka.bootstrapServers(), topics.studyEvents(), inputs,
                        e -> eventSerde.serializer().serialize(topics.studyEvents(), e));
                out.printf("published %d study events to %s%n", inputs.size(), topics.studyEvents());
                out.flush();
                DemoResults results = collect(kafka.bootstrapServers(), topics, inputs, eventSerde, letterSerde, service);
                results.print(out, inputs, offsets);
                out.printf("%nRecords: accepted events on %s, dead letters on %s (Avro, schemas in the registry at %s).%n",
                        topics.accepted(), topics.deadLetters(), registryProcess.url());
                if (keepRunning) {
                    out.printf("Kafka at %s; registry at %s. Ctrl-C to stop.%n", kafka.bootstrapServers(),
                            registryProcess.url());
                    out.flush();
                    Thread.currentThread().join();
                }
                return results.matches(inputs) ? 0 : 1;
            }
        } finally {
            deleteQuietly(stateDir);
        }
    }

    private static List<Long> publish(String bootstrap, String topic, List<DemoInputs.Input> inputs,
            java.util.function.Function<StudyEvent, byte[]> encode) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        List<Long> offsets = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (DemoInputs.Input input : inputs) {
                offsets.add(producer.send(new ProducerRecord<>(topic, input.key(), input.value(encode))).get().offset());
            }
        }
        return offsets;
    }

    private DemoResults collect(String bootstrap, TopicNames topics, List<DemoInputs.Input> inputs,
            Serde<StudyEvent> eventSerde, Serde<DeadLetter> letterSerde, StreamService service) {
        long expected = inputs.stream().filter(i -> i.expect() != DemoInputs.Expect.DUPLICATE).count();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "medmoe-demo-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        DemoResults results = new DemoResults();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.accepted(), topics.deadLetters()));
            while (results.size() < expected && System.nanoTime() < deadline && !service.hasFailed()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.topic().equals(topics.accepted())) {
                        results.accepted(eventSerde.deserializer().deserialize(r.topic(), r.value()));
                    } else {
                        results.deadLetter(letterSerde.deserializer().deserialize(r.topic(), r.value()));
                    }
                }
            }
        }
        return results;
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a leftover temp folder is harmless
        }
    }
}

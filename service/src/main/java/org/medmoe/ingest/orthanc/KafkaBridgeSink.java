package org.medmoe.ingest.orthanc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.medmoe.schema.StudyEvent;

/**
 * Commits the bridge's events and its position in one Kafka transaction: events go to the
 * events topic (key = StudyInstanceUID); the position and each announced study's instance count
 * go to a compacted state topic (keys {@code <source>|position} and {@code <source>|study|<uid>}).
 * The transactional id is derived from the source, so a restarted bridge fences the old one and
 * aborts whatever it left half-written. Not thread-safe; owned by the bridge thread, closed by
 * its owner.
 */
public final class KafkaBridgeSink implements BridgeSink {

    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> clientProps;
    private final String eventsTopic;
    private final String stateTopic;
    private final String source;
    private final Serializer<StudyEvent> eventSerializer;
    private KafkaProducer<byte[], byte[]> producer;

    /**
     * @param clientProps common client settings (bootstrap.servers, security); not modified
     * @param eventsTopic topic of the StudyEvents
     * @param stateTopic compacted topic of the bridge state
     * @param source the bridge's source name; also names the transactional id
     * @param eventSerializer value serializer of the events (schema-registry wire format)
     */
    public KafkaBridgeSink(Map<String, Object> clientProps, String eventsTopic, String stateTopic, String source,
            Serializer<StudyEvent> eventSerializer) {
        this.clientProps = Map.copyOf(clientProps);
        this.eventsTopic = eventsTopic;
        this.stateTopic = stateTopic;
        this.source = source;
        this.eventSerializer = eventSerializer;
    }

    /** Creates the compacted state topic (one partition) with {@code replication} when it does not exist. */
    public static void createStateTopic(Map<String, Object> clientProps, String stateTopic, short replication)
            throws BridgeException {
        createStateTopic(clientProps, stateTopic, Optional.of(replication));
    }

    /**
     * Creates the compacted state topic (one partition) when it does not exist.
     *
     * @param replication its replication factor, or empty for the broker's default
     */
    public static void createStateTopic(Map<String, Object> clientProps, String stateTopic,
            Optional<Short> replication) throws BridgeException {
        try (Admin admin = Admin.create(clientProps)) {
            NewTopic topic = new NewTopic(stateTopic, Optional.of(1), replication)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new BridgeException("cannot create state topic " + stateTopic + ": " + e.getCause(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BridgeException("interrupted while creating " + stateTopic, e);
        }
    }

    /** The transactional id of every bridge of {@code source}: a new one fences the one before. */
    public static String transactionalId(String source) {
        return "medmoe-bridge-" + source;
    }

    @Override
    public BridgeCheckpoint restore() throws BridgeException {
        try {
            Map<String, Object> p = new HashMap<>(clientProps);
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(source));
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
            producer.initTransactions();
            return readState();
        } catch (KafkaException e) {
            close();
            throw new BridgeException("cannot restore bridge state of " + source + " from " + stateTopic + ": " + e, e);
        }
    }

    private BridgeCheckpoint readState() throws BridgeException {
        Map<String, Object> c = new HashMap<>(clientProps);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        String prefix = source + "|";
        long position = 0;
        Map<String, Integer> studies = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Set<TopicPartition> partitions = consumer.partitionsFor(stateTopic, RESTORE_TIMEOUT).stream()
                    .map(i -> new TopicPartition(stateTopic, i.partition())).collect(Collectors.toSet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, RESTORE_TIMEOUT);
            long deadline = System.nanoTime() + RESTORE_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new BridgeException("state topic " + stateTopic + " not read within " + RESTORE_TIMEOUT, null);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (!key.startsWith(prefix) || r.value() == null) {
                        continue;
                    }
                    String value = new String(r.value(), StandardCharsets.UTF_8);
                    String rest = key.substring(prefix.length());
                    if (rest.equals("position")) {
                        position = Long.parseLong(value);
                    } else if (rest.startsWith("study|")) {
                        studies.put(rest.substring("study|".length()), Integer.parseInt(value));
                    }
                }
            }
        }
        return new BridgeCheckpoint(position, studies);
    }

    @Override
    public void commit(List<StudyEvent> events, long position) throws BridgeException {
        if (producer == null) {
            throw new BridgeException("commit before restore", null);
        }
        try {
            producer.beginTransaction();
            for (StudyEvent e : events) {
                String uid = e.getStudyInstanceUid();
                producer.send(new ProducerRecord<>(eventsTopic, bytes(uid), eventSerializer.serialize(eventsTopic, e)));
                producer.send(new ProducerRecord<>(stateTopic, bytes(source + "|study|" + uid),
                        bytes(Integer.toString(e.getInstanceCount()))));
            }
            producer.send(new ProducerRecord<>(stateTopic, bytes(source + "|position"), bytes(Long.toString(position))));
            producer.commitTransaction();
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException abort) {
                e.addSuppressed(abort);
            }
            throw new BridgeException("bridge " + source + " could not commit " + events.size()
                    + " events at change " + position + ": " + e, e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}

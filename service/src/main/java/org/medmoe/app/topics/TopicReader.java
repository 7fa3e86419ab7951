package org.medmoe.app.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.medmoe.app.service.KafkaFailures;
import org.medmoe.registry.RegistryException;
import org.medmoe.registry.SchemaRegistry;
import org.medmoe.registry.WireFormat;

/**
 * Prints the records of a topic as JSON lines: {@code topic}, {@code partition}, {@code offset},
 * {@code timestamp}, {@code key} (UTF-8), {@code schemaId} and {@code value}, the value decoded with
 * its writer schema from the registry ({@link AvroJson}). Committed records only
 * ({@code read_committed}), every partition assigned, no consumer group (nothing is committed, no
 * other reader is disturbed). A value that is not in the wire format, or whose schema id the registry
 * does not know, is printed with {@code error} and its bytes in Base64, and reading goes on. One
 * call, one consumer, closed before returning; not thread-safe.
 */
public final class TopicReader {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Properties client;
    private final SchemaRegistry registry;

    /** @param client Kafka client properties (bootstrap servers, security) */
    public TopicReader(Properties client, SchemaRegistry registry) {
        this.client = client;
        this.registry = registry;
    }

    /** Reads as {@code options} say, handing each printed record to {@code lines}; returns how many. */
    public long read(ReadOptions options, Consumer<JsonNode> lines) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "medmoe-read");
        String topic = options.topic();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            if (options.fromBeginning()) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            Map<TopicPartition, Long> end = options.follow() ? Map.of() : consumer.endOffsets(partitions);
            return loop(consumer, options, end, lines);
        } catch (KafkaException e) {
            throw new TopicException("cannot read " + topic + " on "
                    + client.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + KafkaFailures.explain(e), e);
        }
    }

    private long loop(KafkaConsumer<byte[], byte[]> consumer, ReadOptions options, Map<TopicPartition, Long> end,
            Consumer<JsonNode> lines) {
        long printed = 0;
        long lastRecord = System.nanoTime();
        while (options.follow() || !reachedEnd(consumer, end)) {
            var records = consumer.poll(POLL);
            if (!records.isEmpty()) {
                lastRecord = System.nanoTime();
            } else if (options.idleTimeout() != null && System.nanoTime() - lastRecord > options.idleTimeout().toNanos()) {
                break;
            }
            for (ConsumerRecord<byte[], byte[]> r : records) {
                ObjectNode line = line(r);
                if (options.study() != null && !options.study().equals(study(line))) {
                    continue;
                }
                lines.accept(line);
                printed++;
                if (options.max() > 0 && printed >= options.max()) {
                    return printed;
                }
            }
        }
        return printed;
    }

    /** One record as a JSON object. */
    ObjectNode line(ConsumerRecord<byte[], byte[]> r) {
        ObjectNode line = NODES.objectNode();
        line.put("topic", r.topic());
        line.put("partition", r.partition());
        line.put("offset", r.offset());
        line.put("timestamp", Instant.ofEpochMilli(r.timestamp()).toString());
        line.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
        byte[] value = r.value();
        if (value == null) {
            line.putNull("value");
            return line;
        }
        if (value.length < WireFormat.HEADER_SIZE || value[0] != WireFormat.MAGIC_BYTE) {
            return undecodable(line, value, "not in the schema-registry wire format");
        }
        int id = WireFormat.schemaId(value);
        line.put("schemaId", id);
        Schema schema;
        try {
            schema = registry.schemaById(id);
        } catch (RegistryException e) {
            if (!e.isNotFound()) {
                throw new TopicException("the schema registry cannot say what schema id " + id + " is: "
                        + e.getMessage(), e);
            }
            return undecodable(line, value, "schema id " + id + " is unknown to the registry");
        }
        try {
            Object datum = new GenericDatumReader<Object>(schema).read(null, DecoderFactory.get()
                    .binaryDecoder(value, WireFormat.HEADER_SIZE, value.length - WireFormat.HEADER_SIZE, null));
            line.set("value", AvroJson.of(datum, schema));
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            return undecodable(line, value, "truncated or corrupt " + schema.getFullName() + ": " + e);
        }
        return line;
    }

    private static ObjectNode undecodable(ObjectNode line, byte[] value, String error) {
        line.put("error", error);
        line.put("valueBase64", Base64.getEncoder().encodeToString(value));
        return line;
    }

    /** The study of a printed record: the value's {@code studyInstanceUid}, else the key. */
    private static String study(ObjectNode line) {
        JsonNode uid = line.path("value").path("studyInstanceUid");
        return uid.isTextual() ? uid.asText() : line.path("key").asText(null);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new TopicException("topic " + topic + " does not exist", null);
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}

package org.medmoe.app.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.medmoe.app.service.KafkaFailures;
import org.medmoe.schema.DeadLetter;

/**
 * Reads the whole dead-letter topic as it stands when called: committed records only
 * ({@code read_committed}), every partition from its start to its last stable offset, without a
 * consumer group (nothing is committed, nothing else is disturbed). One call, one consumer, closed
 * before returning.
 */
public final class DeadLetterReader {
    private static final Duration STALL_LIMIT = Duration.ofSeconds(30);

    private DeadLetterReader() {
    }

    /**
     * The dead letters of {@code topic}, in partition and offset order; a record that cannot be
     * decoded is reported to {@code problems} and left out.
     */
    public static List<DeadLetterEntry> read(Properties client, String topic, Deserializer<DeadLetter> deserializer,
            Consumer<String> problems) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "medmoe-dead-letters-reader");
        List<DeadLetterEntry> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new DeadLetterException("topic " + topic + " does not exist on "
                        + client.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
                    .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long lastProgress = System.nanoTime();
            while (!reachedEnd(consumer, end)) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                    throw new DeadLetterException("reading " + topic + " made no progress for " + STALL_LIMIT
                            + " before its end " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    decode(r, deserializer, problems).ifPresent(out::add);
                }
            }
        } catch (KafkaException e) {
            throw new DeadLetterException("cannot read " + topic + " on "
                    + client.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + KafkaFailures.explain(e), e);
        }
        out.sort(java.util.Comparator.comparingInt(DeadLetterEntry::partition).thenComparingLong(DeadLetterEntry::offset));
        return out;
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static java.util.Optional<DeadLetterEntry> decode(ConsumerRecord<byte[], byte[]> r,
            Deserializer<DeadLetter> deserializer, Consumer<String> problems) {
        try {
            DeadLetter letter = deserializer.deserialize(r.topic(), r.value());
            if (letter == null) {
                problems.accept(r.topic() + " " + r.partition() + "@" + r.offset() + " has no value; skipped");
                return java.util.Optional.empty();
            }
            String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
            return java.util.Optional.of(new DeadLetterEntry(r.topic(), r.partition(), r.offset(), key, letter));
        } catch (SerializationException e) {
            problems.accept(r.topic() + " " + r.partition() + "@" + r.offset() + " is not a DeadLetter: "
                    + e.getMessage());
            return java.util.Optional.empty();
        }
    }
}

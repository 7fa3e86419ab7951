package org.medmoe.app.deadletters;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.medmoe.app.service.KafkaFailures;
import org.medmoe.topology.MedMoeTopology;

/**
 * Re-publishes the original key and value bytes of dead letters, unchanged, to the topic they were
 * read from (or to one given), all in one Kafka transaction: either every selected letter is
 * replayed or none is. Each replayed record carries a header {@value #REPLAYED_FROM_HEADER} with
 * the dead letter's position, {@code topic/partition@offset}, and the header
 * {@link MedMoeTopology#ATTEMPTS_HEADER} with its attempt count, so that a record that fails again
 * is dead-lettered with one attempt more.
 *
 * <p>Replaying is safe to repeat: intake passes a replayed (study, revision) it accepted before to
 * analysis again (the header tells it so), and analysis skips a revision whose results were
 * already published, so a letter replayed twice, or replayed after the study succeeded, yields no
 * second output.
 */
public final class DeadLetterReplayer {
    /** Header naming the dead letter a replayed record came from. */
    static final String REPLAYED_FROM_HEADER = MedMoeTopology.REPLAYED_FROM_HEADER;

    private DeadLetterReplayer() {
    }

    /** What happened to one selected dead letter. */
    public record Outcome(DeadLetterEntry entry, String target, boolean replayed, String note) {
    }

    /**
     * Replays {@code entries} to their original topics, or to {@code to} when not null; with
     * {@code dryRun}, only says what it would do. Letters without a value or an original topic (and
     * no {@code to}) are skipped, with the reason in their outcome.
     */
    public static List<Outcome> replay(Properties client, List<DeadLetterEntry> entries, String to, boolean dryRun) {
        List<Outcome> plan = new ArrayList<>();
        for (DeadLetterEntry e : entries) {
            String target = to != null ? to : e.letter().getOriginalTopic();
            if (e.letter().getValue() == null) {
                plan.add(new Outcome(e, target, false, "skipped: the original record had no value"));
            } else if (target == null) {
                plan.add(new Outcome(e, null, false, "skipped: the original topic is unknown (give --to TOPIC)"));
            } else {
                plan.add(new Outcome(e, target, !dryRun, dryRun ? "would replay" : "replayed"));
            }
        }
        if (dryRun || plan.stream().noneMatch(Outcome::replayed)) {
            return plan;
        }
        send(client, plan);
        return plan;
    }

    private static void send(Properties client, List<Outcome> plan) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "medmoe-dead-letter-replay-" + UUID.randomUUID());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                for (Outcome o : plan) {
                    if (o.replayed()) {
                        producer.send(record(o));
                    }
                }
                producer.commitTransaction();
            } catch (KafkaException e) {
                producer.abortTransaction();
                throw e;
            }
        } catch (KafkaException e) {
            throw new DeadLetterException("replay failed, nothing was replayed: " + KafkaFailures.explain(e), e);
        }
    }

    private static ProducerRecord<byte[], byte[]> record(Outcome o) {
        DeadLetterEntry e = o.entry();
        RecordHeaders headers = new RecordHeaders();
        headers.add(REPLAYED_FROM_HEADER,
                (e.topic() + "/" + e.partition() + "@" + e.offset()).getBytes(StandardCharsets.UTF_8));
        headers.add(MedMoeTopology.ATTEMPTS_HEADER,
                Integer.toString(e.letter().getAttempts()).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(o.target(), null, bytes(e.letter().getKey()), bytes(e.letter().getValue()), headers);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}

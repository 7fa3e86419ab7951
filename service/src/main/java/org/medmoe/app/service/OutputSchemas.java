package org.medmoe.app.service;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.medmoe.registry.AvroSpecificSerializer;
import org.medmoe.registry.RegistryException;
import org.medmoe.schema.DeadLetter;
import org.medmoe.schema.ReportDraft;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;
import org.medmoe.schema.TriageDecision;
import org.medmoe.topology.Topic;
import org.medmoe.topology.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the schema id of every output value schema (accepted events, findings, triage, report
 * drafts, dead letters) through the topology's own serializers, before Kafka Streams starts: each
 * subject is registered (when {@code registry.auto.register} is on) or looked up (when off) once and
 * cached in the serializer, so the first study pays no registry round trips, and a subject that is
 * missing fails start-up instead of the first record. A registry that does not answer is tried again
 * for {@code registry.startup.wait.ms}. Serdes that do not write through the schema registry are left
 * alone. Stateless; called once at start-up, on a thread of its own beside the model's loading
 * ({@link BackgroundStart}).
 */
final class OutputSchemas {
    private static final Logger LOG = LoggerFactory.getLogger(OutputSchemas.class);
    private static final long FIRST_PAUSE_MS = 1000;
    private static final long MAX_PAUSE_MS = 15_000;

    private OutputSchemas() {
    }

    /**
     * Resolves the output schemas of {@code topics}.
     *
     * @return schema id per output topic name, in topology order (topics without a registry serde omitted)
     * @throws ServiceStartException naming the topic and the subject when one cannot be resolved
     */
    static Map<String, Integer> resolve(Topics topics) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        resolve(topics.accepted(), StudyEvent.getClassSchema(), ids);
        resolve(topics.findings(), StudyFindings.getClassSchema(), ids);
        resolve(topics.triage(), TriageDecision.getClassSchema(), ids);
        resolve(topics.reportDrafts(), ReportDraft.getClassSchema(), ids);
        resolve(topics.deadLetters(), DeadLetter.getClassSchema(), ids);
        LOG.info("output schema ids resolved: {}", ids);
        return ids;
    }

    /**
     * Resolves the output schemas of {@code topics}, trying again for up to {@code wait} while the
     * registry does not answer ({@link RegistryException#isTransient}, after the client's own retries),
     * as when it is hung or restarting; any other failure ends at once.
     *
     * @throws ServiceStartException when a schema cannot be resolved, or the registry did not answer in time
     */
    static Map<String, Integer> resolve(Topics topics, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long pauseMs = FIRST_PAUSE_MS;
        while (true) {
            try {
                return resolve(topics);
            } catch (ServiceStartException e) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (!(e.getCause() instanceof RegistryException r) || !r.isTransient() || leftMs < pauseMs) {
                    throw e;
                }
                LOG.warn("the schema registry does not answer at start-up ({}): trying again in {} s, for {} s more",
                        e.getMessage(), pauseMs / 1000, leftMs / 1000);
                sleep(pauseMs);
                pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceStartException("interrupted while waiting for the schema registry", e);
        }
    }

    private static void resolve(Topic<?, ?> topic, Schema schema, Map<String, Integer> ids) {
        if (!(topic.valueSerde().serializer() instanceof AvroSpecificSerializer<?> serializer)) {
            return;
        }
        try {
            ids.put(topic.name(), serializer.schemaId(topic.name(), schema));
        } catch (RegistryException e) {
            throw new ServiceStartException("cannot resolve the schema of output topic '" + topic.name() + "' ("
                    + schema.getFullName() + (e.subject().map(s -> ", subject '" + s + "'").orElse("")) + "): "
                    + e.getMessage(), e);
        }
    }
}

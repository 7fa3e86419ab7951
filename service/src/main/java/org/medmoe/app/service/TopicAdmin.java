package org.medmoe.app.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the pipeline's topics when they are missing. */
final class TopicAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    /** How long each answer of the broker is waited for. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    private TopicAdmin() {
    }

    static void createMissing(Properties clientProps, List<String> names, int partitions, int replicationFactor) {
        createMissing(clientProps, names, partitions, replicationFactor, ANSWER_WITHIN);
    }

    /** As above, waiting {@code answerWithin} for each answer of the broker. */
    static void createMissing(Properties clientProps, List<String> names, int partitions, int replicationFactor,
            Duration answerWithin) {
        long waitMs = answerWithin.toMillis();
        try (Admin admin = Admin.create(clientProps)) {
            Set<String> existing = admin.listTopics().names().get(waitMs, TimeUnit.MILLISECONDS);
            List<NewTopic> toCreate = new ArrayList<>();
            for (String name : names) {
                if (!existing.contains(name)) {
                    toCreate.add(new NewTopic(name, Optional.of(partitions),
                            replicationFactor < 0 ? Optional.empty() : Optional.of((short) replicationFactor)));
                }
            }
            if (toCreate.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(toCreate).all().get(waitMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            LOG.info("created topics {}", toCreate.stream().map(NewTopic::name).toList());
        } catch (TimeoutException e) {
            throw new ServiceStartException("no answer from Kafka at " + clientProps.getProperty("bootstrap.servers")
                    + " within " + answerWithin.toSeconds() + " s while creating topics: is the broker running,"
                    + " and does kafka.bootstrap.servers name it?", e);
        } catch (ExecutionException e) {
            throw new ServiceStartException("cannot create topics " + names + " on "
                    + clientProps.getProperty("bootstrap.servers") + ": " + KafkaFailures.explain(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceStartException("interrupted while creating topics", e);
        }
    }
}

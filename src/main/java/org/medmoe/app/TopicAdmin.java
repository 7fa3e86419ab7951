package org.medmoe.app;

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

    private TopicAdmin() {
    }

    static void createMissing(Properties clientProps, List<String> names, int partitions, int replicationFactor) {
        try (Admin admin = Admin.create(clientProps)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
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
                admin.createTopics(toCreate).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            LOG.info("created topics {}", toCreate.stream().map(NewTopic::name).toList());
        } catch (ExecutionException | TimeoutException e) {
            throw new ServiceStartException("cannot create topics " + names + " on "
                    + clientProps.getProperty("bootstrap.servers") + ": " + KafkaFailures.explain(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceStartException("interrupted while creating topics", e);
        }
    }
}

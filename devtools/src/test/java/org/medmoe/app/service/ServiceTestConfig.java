package org.medmoe.app.service;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.devtools.embedded.TestKafka;
import org.medmoe.devtools.embedded.TestRegistry;

/** Configuration of a service under test: the shared broker and registry, topics of its own, HTTP on a free port. */
public final class ServiceTestConfig {
    private ServiceTestConfig() {
    }

    /** Application id {@code name-run}; every topic's default name suffixed with {@code -run}. */
    public static Config of(String name, String run, Path stateDir, int partitions) {
        Map<String, String> s = new HashMap<>();
        s.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), TestKafka.get().bootstrapServers());
        s.put(ConfigKeys.REGISTRY_URL.name(), TestRegistry.url());
        s.put(ConfigKeys.KAFKA_APPLICATION_ID.name(), name + "-" + run);
        s.put(ConfigKeys.KAFKA_STATE_DIR.name(), stateDir.toString());
        // file: locators are read under the folder that holds the state (the test's own)
        s.put(ConfigKeys.ANALYSIS_FILE_ROOTS.name(), stateDir.toAbsolutePath().getParent().toString());
        s.put(ConfigKeys.TOPICS_PARTITIONS.name(), Integer.toString(partitions));
        s.put(ConfigKeys.HTTP_PORT.name(), "0");
        s.put(ConfigKeys.HTTP_BIND_ADDRESS.name(), "127.0.0.1");
        for (var topic : List.of(ConfigKeys.TOPIC_STUDY_EVENTS, ConfigKeys.TOPIC_ACCEPTED, ConfigKeys.TOPIC_FINDINGS,
                ConfigKeys.TOPIC_TRIAGE, ConfigKeys.TOPIC_REPORT_DRAFTS, ConfigKeys.TOPIC_DEAD_LETTERS)) {
            s.put(topic.name(), topic.defaultValue() + "-" + run);
        }
        return Config.of(s);
    }
}

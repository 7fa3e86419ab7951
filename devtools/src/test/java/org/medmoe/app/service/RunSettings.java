package org.medmoe.app.service;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medmoe.app.config.ConfigKeys;
import org.medmoe.app.config.EndpointKeys;
import org.medmoe.devtools.embedded.TestKafka;
import org.medmoe.devtools.embedded.TestRegistry;

/** Service settings of one test run on the shared broker and registry: its own application id, state and topics. */
public final class RunSettings {
    private RunSettings() {
    }

    /**
     * The shared broker and registry, application id {@code appPrefix + run}, state under
     * {@code state}, and every topic named by its default with {@code "." + run} appended; {@code file:}
     * locators are read under the folder that holds {@code state} (the test's own); a mutable map, for
     * the test to add to.
     */
    public static Map<String, String> of(String appPrefix, String run, Path state) {
        Map<String, String> s = new HashMap<>();
        s.put(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.name(), TestKafka.get().bootstrapServers());
        s.put(ConfigKeys.REGISTRY_URL.name(), TestRegistry.url());
        s.put(ConfigKeys.KAFKA_APPLICATION_ID.name(), appPrefix + run);
        s.put(ConfigKeys.KAFKA_STATE_DIR.name(), state.toString());
        s.put(ConfigKeys.ANALYSIS_FILE_ROOTS.name(), state.toAbsolutePath().getParent().toString());
        for (var key : List.of(ConfigKeys.TOPIC_STUDY_EVENTS, ConfigKeys.TOPIC_ACCEPTED, ConfigKeys.TOPIC_FINDINGS,
                ConfigKeys.TOPIC_TRIAGE, ConfigKeys.TOPIC_REPORT_DRAFTS, ConfigKeys.TOPIC_DEAD_LETTERS)) {
            s.put(key.name(), key.defaultValue() + "." + run);
        }
        return s;
    }

    /** Adds {@code pacs} to {@code settings} as the one trusted DICOMweb endpoint, named {@code orthanc}. */
    public static Map<String, String> trusting(Map<String, String> settings, URI pacs) {
        settings.put(ConfigKeys.DICOMWEB_ENDPOINTS.name(), "orthanc");
        settings.put(EndpointKeys.of("orthanc").url().name(), pacs.toString());
        return settings;
    }
}

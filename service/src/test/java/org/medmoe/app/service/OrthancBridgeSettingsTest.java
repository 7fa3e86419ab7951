package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.medmoe.app.config.ConfigException;
import org.medmoe.app.config.ConfigLoader;

/** The Orthanc bridge reads the service's configuration: keys, environment, and its shorthand options. */
class OrthancBridgeSettingsTest {

    private static OrthancBridgeSettings fromEnvironment(Map<String, String> env) {
        return OrthancBridgeSettings.from(ConfigLoader.builder().environment(env).load());
    }

    @Test
    void shouldTakeItsSettingsFromTheEnvironmentAsTheServiceDoes() {
        // Given the bridge configured only through MEDMOE_* variables
        Map<String, String> env = Map.of(
                "MEDMOE_BRIDGE_ORTHANC_URL", "http://orthanc:8042/",
                "MEDMOE_BRIDGE_SOURCE", "orthanc:east",
                "MEDMOE_TOPICS_STUDY_EVENTS", "east.study.events",
                "MEDMOE_BRIDGE_STATE_TOPIC", "east.bridge.state",
                "MEDMOE_BRIDGE_STATE_REPLICATION_FACTOR", "3",
                "MEDMOE_BRIDGE_POLL_INTERVAL_MS", "250",
                "MEDMOE_BRIDGE_ORTHANC_AUTH_KIND", "basic",
                "MEDMOE_BRIDGE_ORTHANC_AUTH_USERNAME", "bridge",
                "MEDMOE_BRIDGE_ORTHANC_AUTH_PASSWORD", "s3cret");

        // When the settings are read
        OrthancBridgeSettings settings = fromEnvironment(env);

        // Then every one is taken, and the DICOMweb root defaults to Orthanc's plugin path
        assertThat(settings.orthancUrl()).isEqualTo(URI.create("http://orthanc:8042/"));
        assertThat(settings.bridge().dicomWebUrl()).isEqualTo(URI.create("http://orthanc:8042/dicom-web"));
        assertThat(settings.bridge().source()).isEqualTo("orthanc:east");
        assertThat(settings.eventsTopic()).isEqualTo("east.study.events");
        assertThat(settings.stateTopic()).isEqualTo("east.bridge.state");
        assertThat(settings.stateReplication()).contains((short) 3);
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.auth().header()).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("bridge:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(settings.auth().toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldUseTheDefaultsOfTheServiceTopicsAndTheBrokersReplication() {
        OrthancBridgeSettings settings = fromEnvironment(Map.of());

        assertThat(settings.eventsTopic()).isEqualTo("pacs.study.events");
        assertThat(settings.stateTopic()).isEqualTo("medmoe.bridge.state");
        assertThat(settings.stateReplication()).isEqualTo(Optional.empty());
        assertThat(settings.bridge().batchSize()).isEqualTo(100);
        assertThat(settings.auth().header()).isNull();
    }

    @Test
    void shouldNameTheKeyOfAnOrthancUrlWithoutHost() {
        assertThatThrownBy(() -> fromEnvironment(Map.of("MEDMOE_BRIDGE_ORTHANC_URL", "orthanc:8042")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bridge.orthanc.url")
                .hasMessageContaining("MEDMOE_BRIDGE_ORTHANC_URL");
    }

    @Test
    void shouldNameTheKeyOfABatchSizeOrthancRefuses() {
        assertThatThrownBy(() -> fromEnvironment(Map.of("MEDMOE_BRIDGE_BATCH_SIZE", "5000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bridge.batch.size");
    }

    @Test
    void shouldRequireThePasswordOfBasicAuthWithoutPrintingAnySecret() {
        assertThatThrownBy(() -> fromEnvironment(Map.of("MEDMOE_BRIDGE_ORTHANC_AUTH_KIND", "basic",
                "MEDMOE_BRIDGE_ORTHANC_AUTH_USERNAME", "bridge")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bridge.orthanc.auth.password");
        assertThatThrownBy(() -> fromEnvironment(Map.of("MEDMOE_BRIDGE_ORTHANC_AUTH_KIND", "kerberos")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bridge.orthanc.auth.kind");
    }
}

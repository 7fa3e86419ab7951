package org.medmoe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.dicom.web.DicomWebConfig;

/** The dicomweb.* keys become the client's settings, and bad values fail with the key's name. */
class DicomWebSettingsTest {

    private static final URI PACS = URI.create("http://pacs.example/dicom-web");

    @Test
    void shouldTakeTheRequestAndReadTimeoutsAndAttemptsFromTheKeys() {
        DicomWebConfig web = AnalysisWiring.dicomWeb(Config.of(Map.of("dicomweb.request.timeout.ms", "7000",
                "dicomweb.read.timeout.ms", "1500", "dicomweb.attempts", "2")), PACS);

        assertThat(web.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(web.readTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(web.maxAttempts()).isEqualTo(2);
        assertThat(AnalysisWiring.dicomWeb(Config.of(Map.of()), PACS).readTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldNameTheKeyOfAReadTimeoutBelowOneMillisecondAndOfMissingCredentials() {
        assertThatThrownBy(() -> AnalysisWiring.dicomWeb(Config.of(Map.of("dicomweb.read.timeout.ms", "0")), PACS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dicomweb.read.timeout.ms = 0");
        assertThatThrownBy(() -> AnalysisWiring.dicomWeb(Config.of(Map.of("dicomweb.auth.kind", "bearer")), PACS))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dicomweb.auth.token is required but not set");
    }
}

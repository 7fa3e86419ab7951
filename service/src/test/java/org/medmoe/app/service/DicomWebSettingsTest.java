package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigException;
import org.medmoe.dicom.web.DicomWebAuth;
import org.medmoe.dicom.web.DicomWebConfig;
import org.medmoe.dicom.web.DicomWebEndpoint;
import org.medmoe.dicom.web.TrustedEndpoints;

/** The dicomweb.* and dicomweb.endpoint.<name>.* keys become the endpoints' settings; bad values name the key. */
class DicomWebSettingsTest {

    private static Map<String, String> endpoints(String... pairs) {
        Map<String, String> m = new HashMap<>(Map.of("dicomweb.endpoints", "pacs,archive",
                "dicomweb.endpoint.pacs.url", "http://pacs.example/dicom-web",
                "dicomweb.endpoint.archive.url", "https://archive.example:8443/wado"));
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void shouldMakeOneEndpointPerNameWithItsOwnCredentialsAndTheGlobalTimeoutsWhereItSetsNone() {
        TrustedEndpoints trusted = DicomWebWiring.endpoints(Config.of(endpoints(
                "dicomweb.request.timeout.ms", "7000", "dicomweb.read.timeout.ms", "1500", "dicomweb.attempts", "2",
                "dicomweb.endpoint.archive.read.timeout.ms", "900",
                "dicomweb.endpoint.pacs.auth.kind", "bearer", "dicomweb.endpoint.pacs.auth.token", "pacs-token")));

        DicomWebConfig pacs = trusted.endpoint("http://pacs.example/dicom-web").orElseThrow().config();
        DicomWebEndpoint archive = trusted.endpoint("https://archive.example:8443/wado").orElseThrow();
        assertThat(pacs.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(pacs.readTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(pacs.maxAttempts()).isEqualTo(2);
        assertThat(pacs.auth()).isEqualTo(new DicomWebAuth.Bearer("pacs-token"));
        assertThat(archive.name()).isEqualTo("archive");
        assertThat(archive.config().readTimeout()).isEqualTo(Duration.ofMillis(900));
        assertThat(archive.config().auth()).isEqualTo(DicomWebAuth.none());
        assertThat(archive.config().baseUrl()).isEqualTo(URI.create("https://archive.example:8443/wado"));
    }

    @Test
    void shouldTrustNothingWhenNoEndpointIsConfigured() {
        assertThat(DicomWebWiring.endpoints(Config.of(Map.of())).endpoints()).isEmpty();
    }

    @Test
    void shouldNameTheKeyOfAMissingUrlAReadTimeoutBelowOneMillisecondAndMissingCredentials() {
        assertThatThrownBy(() -> DicomWebWiring.endpoints(Config.of(Map.of("dicomweb.endpoints", "pacs"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dicomweb.endpoint.pacs.url is required");
        assertThatThrownBy(() -> DicomWebWiring.endpoints(Config.of(endpoints("dicomweb.read.timeout.ms", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dicomweb.read.timeout.ms = '0'")
                .hasMessageContaining("expected at least 1");
        assertThatThrownBy(() -> DicomWebWiring.endpoints(Config.of(endpoints("dicomweb.endpoint.pacs.auth.kind",
                "basic", "dicomweb.endpoint.pacs.auth.username", "u"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dicomweb.endpoint.pacs.auth.password is required but not set");
    }

    @Test
    void shouldRefuseAnEndpointUrlWithUserInfoOrAnotherSchemeAndABadName() {
        assertThatThrownBy(() -> DicomWebWiring.endpoints(Config.of(endpoints("dicomweb.endpoint.pacs.url",
                "http://user:pw@pacs.example/dicom-web"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("dicomweb.endpoint.pacs.url")
                .hasMessageContaining("without user info");
        assertThatThrownBy(() -> DicomWebWiring.endpoints(Config.of(endpoints("dicomweb.endpoint.pacs.url",
                "ftp://pacs.example/"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected an http or https URL");
        assertThatThrownBy(() -> Config.of(Map.of("dicomweb.endpoints", "Pacs_1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("endpoint name 'Pacs_1' is not valid");
    }

    @Test
    void shouldRefuseAKeyOfAnEndpointThatIsNotListed() {
        assertThatThrownBy(() -> Config.of(Map.of("dicomweb.endpoint.other.url", "http://other.example/")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'dicomweb.endpoint.other.url'");
    }
}

package org.medmoe.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation and masking of {@link RegistryClientConfig}. */
class RegistryClientConfigTest {

    @Test
    void shouldReadEveryKeyFromAPropertyMap() {
        RegistryClientConfig config = RegistryClientConfig.fromMap(Map.of(
                "registry.url", "https://registry.example.org:8081/",
                "registry.auth.kind", "basic",
                "registry.auth.username", "svc",
                "registry.auth.password", "pw",
                "registry.ssl.truststore.location", "/etc/medmoe/truststore.p12",
                "registry.ssl.truststore.password", "changeit",
                "registry.request.timeout.ms", "2500",
                "registry.connect.timeout.ms", 750,
                "registry.retries", "5",
                "registry.retry.backoff.ms", "50"));

        assertThat(config.url()).isEqualTo("https://registry.example.org:8081");
        assertThat(config.authKind()).isEqualTo(RegistryClientConfig.AuthKind.BASIC);
        assertThat(config.truststore()).isEqualTo(Path.of("/etc/medmoe/truststore.p12"));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.maxRetries()).isEqualTo(5);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void shouldMaskEverySecretInToString() {
        RegistryClientConfig config = RegistryClientConfig.of("https://registry:8081")
                .withBasicAuth("svc", "basic-secret").withTruststore(Path.of("ts.p12"), "store-secret");
        RegistryClientConfig bearer = RegistryClientConfig.of("https://registry:8081").withBearerToken("tok-secret");

        assertThat(config.toString()).contains("registry.auth.password=******", "registry.ssl.truststore.password=******")
                .doesNotContain("basic-secret", "store-secret");
        assertThat(bearer.toString()).contains("registry.auth.token=******").doesNotContain("tok-secret");
    }

    @Test
    void shouldNameTheKeyOfAMalformedUrl() {
        assertThatThrownBy(() -> RegistryClientConfig.of("http//registry:8081"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registry.url");
        assertThatThrownBy(() -> RegistryClientConfig.of("http://reg istry:8081"))
                .hasMessageContaining("registry.url is not a valid URL");
        assertThatThrownBy(() -> RegistryClientConfig.of("ftp://registry"))
                .hasMessageContaining("registry.url must be an http or https URL");
        assertThatThrownBy(() -> RegistryClientConfig.of("http://user:pw@registry:8081"))
                .hasMessageContaining("registry.url must not carry credentials");
        assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of()))
                .hasMessageContaining("registry.url must be set");
    }

    @Test
    void shouldNameTheKeyOfMissingCredentials() {
        assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of("registry.url", "http://r:1",
                "registry.auth.kind", "basic", "registry.auth.password", "pw")))
                .hasMessage("registry.auth.username must be set when registry.auth.kind=basic");
        assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of("registry.url", "http://r:1",
                "registry.auth.kind", "bearer")))
                .hasMessage("registry.auth.token must be set when registry.auth.kind=bearer");
        assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of("registry.url", "http://r:1",
                "registry.auth.kind", "kerberos")))
                .hasMessage("registry.auth.kind must be none, basic or bearer, was 'kerberos'");
    }

    @Test
    void shouldNameTheKeyOfBadNumbers() {
        assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of("registry.url", "http://r:1",
                "registry.retries", "many")))
                .hasMessage("registry.retries must be a whole number, was 'many'");
        assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of("registry.url", "http://r:1",
                "registry.request.timeout.ms", "0")))
                .hasMessage("registry.request.timeout.ms must be > 0, was 0");
        assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of("registry.url", "http://r:1",
                "registry.retries", "-1")))
                .hasMessage("registry.retries must be between 0 and 100, was -1");
        assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of("registry.url", "http://r:1",
                "registry.ssl.truststore.location", "ts.p12")))
                .hasMessageContaining("registry.ssl.truststore.location is set but registry.url is not https");
    }

    @Test
    void shouldNameTheKeyOfAnUnreadableTruststore() {
        RegistryClientConfig config = RegistryClientConfig.of("https://r:1")
                .withTruststore(Path.of("no-such-truststore.p12"), "pw");

        assertThatThrownBy(() -> new HttpSchemaRegistry(config))
                .hasMessageContaining("registry.ssl.truststore.location: cannot read truststore");
    }
}

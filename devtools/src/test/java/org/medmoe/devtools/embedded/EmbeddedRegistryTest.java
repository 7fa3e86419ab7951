package org.medmoe.devtools.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up, readiness and failure messages of {@link EmbeddedRegistry}. */
class EmbeddedRegistryTest {

    @Test
    void shouldSayWhichJarIsMissingAndHowToGetIt(@TempDir Path emptyHome) {
        assertThatThrownBy(() -> EmbeddedRegistry.start(emptyHome, null, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(emptyHome.resolve(EmbeddedRegistry.RUNNER_JAR).toString())
                .hasMessageContaining("./medmoe build")
                .hasMessageContaining("-Dmedmoe.registry.home");
    }

    @Test
    void shouldShowTheRegistryLogWhenTheChildExitsDuringStart(@TempDir Path home) throws IOException {
        // Given a registry home whose runner jar is not a jar
        Files.writeString(home.resolve(EmbeddedRegistry.RUNNER_JAR), "not a jar");

        // When it is started
        IllegalStateException e = catchThrowableOfType(IllegalStateException.class,
                () -> EmbeddedRegistry.start(home, null, Duration.ofSeconds(30)));

        // Then the error says the child exited, keeps its log and quotes it
        assertThat(e.getMessage()).contains("schema registry exited with code", "full log: ",
                "last lines of the registry log", "jarfile");
        Matcher kept = Pattern.compile("full log: (\\S+)\\)").matcher(e.getMessage());
        assertThat(kept.find()).isTrue();
        assertThat(Path.of(kept.group(1))).exists();
        Files.delete(Path.of(kept.group(1)));
    }

    @Test
    @Tag("integration")
    void shouldServeTheConfluentApiWithBackwardCompatibilityOnLoopback() throws Exception {
        // Given the shared registry of the test run
        EmbeddedRegistry registry = TestRegistry.get();

        // When its global config is read through the ccompat API
        HttpResponse<String> config = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registry.url() + "/config")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        // Then it listens on loopback, answers, and is BACKWARD (Apicurio's own default is NONE)
        assertThat(registry.url()).isEqualTo("http://127.0.0.1:" + registry.port() + "/apis/ccompat/v7");
        assertThat(registry.isAlive()).isTrue();
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("BACKWARD");
        assertThat(registry.logFile()).exists();
    }
}

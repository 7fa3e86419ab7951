package org.medmoe.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key's validator runs when the configuration loads; errors name the key, the value and its origin. */
class ConfigValidationTest {
    @TempDir
    Path dir;

    private static ConfigLoader loader() {
        return ConfigLoader.builder().environment(Map.of());
    }

    @Test
    void shouldRefuseABatchOfNoImagesNamingTheKeyAndTheCommandLine() {
        assertThatThrownBy(() -> loader().commandLine(Map.of("model.batch.max", "0")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("model.batch.max = '0' (from command line) is not valid: expected at least 1");
    }

    @Test
    void shouldNameTheEnvironmentVariableAValueCameFrom() {
        assertThatThrownBy(() -> ConfigLoader.builder()
                .environment(Map.of("MEDMOE_KAFKA_NUM_STREAM_THREADS", "0")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.num.stream.threads = '0'")
                .hasMessageContaining("(from environment MEDMOE_KAFKA_NUM_STREAM_THREADS)")
                .hasMessageContaining("expected at least 1");
    }

    @Test
    void shouldNameTheFileAWordOutsideItsListCameFrom() throws IOException {
        Path file = Files.writeString(dir.resolve("medmoe.yaml"), "registry:\n  auth:\n    kind: digest\n");

        assertThatThrownBy(() -> loader().file(file).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("registry.auth.kind = 'digest' (from file " + file + ")")
                .hasMessageContaining("expected one of none, basic, bearer");
    }

    @Test
    void shouldAcceptTheWordsOfAListInAnyCase() {
        Config config = loader().overrides(Map.of("registry.auth.kind", "NONE", "model.providers", "cuda, CPU")).load();

        assertThat(config.list(ConfigKeys.MODEL_PROVIDERS)).containsExactly("cuda", "CPU");
    }

    @Test
    void shouldRefuseAnUnknownExecutionProviderInTheList() {
        assertThatThrownBy(() -> loader().overrides(Map.of("model.providers", "CUDA,TPU")).load())
                .hasMessageContaining("model.providers = 'CUDA,TPU' (from override)")
                .hasMessageContaining("expected a list of CUDA, CPU");
    }

    @Test
    void shouldRefuseAPortOutOfRangeAndAReplicationFactorOfZero() {
        assertThatThrownBy(() -> loader().overrides(Map.of("http.port", "70000")).load())
                .hasMessageContaining("http.port = '70000'").hasMessageContaining("expected 0 to 65535");
        assertThatThrownBy(() -> loader().overrides(Map.of("topics.replication.factor", "0")).load())
                .hasMessageContaining("topics.replication.factor = '0'")
                .hasMessageContaining("expected -1 (the broker's default) or 1 to 32767");
        Config config = loader().overrides(Map.of("topics.replication.factor", "3",
                "kafka.replication.factor", "-1")).load();
        assertThat(config.integer(ConfigKeys.TOPICS_REPLICATION_FACTOR)).isEqualTo(3);
    }

    @Test
    void shouldRefuseAModelFolderThatDoesNotExist() {
        Path missing = dir.resolve("nope");

        assertThatThrownBy(() -> loader().commandLine(Map.of("model.dir", missing.toString())).load())
                .hasMessage("model.dir = '" + missing + "' (from command line) is not valid: expected an existing folder");
        assertThat(loader().commandLine(Map.of("model.dir", dir.toString())).load().string(ConfigKeys.MODEL_DIR))
                .isEqualTo(dir.toString());
    }

    @Test
    void shouldAcceptEveryDefaultWithItsOwnValidator() {
        for (ConfigKey key : ConfigKeys.ALL) {
            if (key.defaultValue() != null) {
                assertThat(key.validator().accepts().test(key.defaultValue())).as(key.name()).isTrue();
            }
        }
    }

    @Test
    void shouldSuggestTheKeyAMisspeltOneMeant() {
        assertThatThrownBy(() -> loader().commandLine(Map.of("model.dri", "/models")).load())
                .hasMessageContaining("unknown configuration key 'model.dri' (from command line)")
                .hasMessageContaining("did you mean model.dir?");
    }

    @Test
    void shouldReportAMisspeltEnvironmentVariable() {
        assertThatThrownBy(() -> ConfigLoader.builder()
                .environment(Map.of("MEDMOE_KAFKA_BOOTSTRAP_SERVER", "kafka:9092")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("environment variable MEDMOE_KAFKA_BOOTSTRAP_SERVER sets no configuration key")
                .hasMessageContaining("did you mean MEDMOE_KAFKA_BOOTSTRAP_SERVERS?");
    }

    @Test
    void shouldLeaveTheLaunchersVariablesAndKafkaPassThroughAlone() {
        Config config = ConfigLoader.builder().environment(Map.of("MEDMOE_JAVA_OPTS", "-Xmx4g",
                "MEDMOE_MODEL_PATH", "/srv/models", "MEDMOE_KAFKA_CLIENT_LINGER_MS", "5",
                "MEDMOE_HTTP_PORT", "9090")).load();

        assertThat(config.integer(ConfigKeys.HTTP_PORT)).isEqualTo(9090);
        assertThat(config.withPrefix(ConfigKeys.KAFKA_PASSTHROUGH_PREFIX)).containsEntry("linger.ms", "5");
    }
}

package org.medmoe.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldApplyDefaultsThenFileThenEnvironmentThenCommandLine() throws IOException {
        Path file = write("kafka:\n  bootstrap.servers: file:9092\n  application.id: from-file\ntopics:\n  partitions: 6\n");

        Config config = ConfigLoader.builder().file(file)
                .environment(Map.of("MEDMOE_KAFKA_APPLICATION_ID", "from-env", "MEDMOE_TOPICS_PARTITIONS", "8"))
                .overrides(Map.of("topics.partitions", "12"))
                .load();

        assertThat(config.string(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("file:9092");
        assertThat(config.string(ConfigKeys.KAFKA_APPLICATION_ID)).isEqualTo("from-env");
        assertThat(config.integer(ConfigKeys.TOPICS_PARTITIONS)).isEqualTo(12);
        assertThat(config.string(ConfigKeys.TOPIC_DEAD_LETTERS)).isEqualTo("medmoe.dead-letters");
        assertThat(config.origin("kafka.application.id")).isEqualTo("environment MEDMOE_KAFKA_APPLICATION_ID");
    }

    @Test
    void shouldNameTheKeyAndOriginOfAValueOfTheWrongType() throws IOException {
        Path file = write("topics:\n  partitions: many\n");

        assertThatThrownBy(() -> ConfigLoader.builder().file(file).environment(Map.of()).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.partitions")
                .hasMessageContaining("many")
                .hasMessageContaining(file.toString())
                .hasMessageContaining("whole number");
    }

    @Test
    void shouldRejectAnUnknownKeyWithItsName() throws IOException {
        Path file = write("kafka:\n  bootstrap.servrs: x:1\n");

        assertThatThrownBy(() -> ConfigLoader.builder().file(file).environment(Map.of()).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.bootstrap.servrs");
    }

    @Test
    void shouldReportTheLineOfInvalidYaml() throws IOException {
        Path file = write("kafka:\n  bootstrap.servers: a\n   bad: [\n");

        assertThatThrownBy(() -> ConfigLoader.builder().file(file).environment(Map.of()).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML at line");
    }

    @Test
    void shouldPassKafkaClientPropertiesThroughFromFileAndEnvironment() throws IOException {
        Path file = write("kafka:\n  client:\n    linger.ms: 5\n");

        Config config = ConfigLoader.builder().file(file)
                .environment(Map.of("MEDMOE_KAFKA_CLIENT_MAX_POLL_RECORDS", "10")).load();

        assertThat(config.withPrefix(ConfigKeys.KAFKA_PASSTHROUGH_PREFIX))
                .containsEntry("linger.ms", "5").containsEntry("max.poll.records", "10");
    }

    @Test
    void shouldMaskSecretsWhenPrinted() {
        Config config = ConfigLoader.builder().environment(Map.of("MEDMOE_REGISTRY_AUTH_PASSWORD", "hunter2",
                "MEDMOE_KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required password=\"s3cret\";")).load();

        assertThat(config.masked().toString()).doesNotContain("hunter2").doesNotContain("s3cret")
                .contains("registry.auth.password=******");
        assertThat(config.string(ConfigKeys.REGISTRY_AUTH_PASSWORD)).isEqualTo("hunter2");
    }

    @Test
    void shouldFailClearlyWhenTheFileIsMissing() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigLoader.builder().file(missing).environment(Map.of()).load())
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.yaml").hasMessageContaining("does not exist");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("medmoe.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}

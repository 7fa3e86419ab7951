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

    @Test
    void shouldRefuseASecretInTheFileNamingTheKeyAndTheEnvironmentVariablesButNotTheValue() throws IOException {
        Path file = write("registry:\n  url: https://registry.example.org\n  auth.password: hunter2\n");

        assertThatThrownBy(() -> ConfigLoader.builder().file(file).environment(Map.of()).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("registry.auth.password")
                .hasMessageContaining("MEDMOE_REGISTRY_AUTH_PASSWORD or MEDMOE_REGISTRY_AUTH_PASSWORD_FILE")
                .message().doesNotContain("hunter2");
    }

    @Test
    void shouldRefuseASecretKafkaPassThroughPropertyInTheFile() throws IOException {
        Path file = write("kafka:\n  client:\n    ssl.keystore.password: hunter2\n");

        assertThatThrownBy(() -> ConfigLoader.builder().file(file).environment(Map.of()).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.client.ssl.keystore.password")
                .hasMessageContaining("MEDMOE_KAFKA_CLIENT_SSL_KEYSTORE_PASSWORD_FILE");
    }

    @Test
    void shouldAcceptAnEmptySecretKeyInTheFile() throws IOException {
        Path file = write("dicomweb:\n  endpoints: pacs\n  endpoint.pacs.auth.token:\n");

        Config config = ConfigLoader.builder().file(file).environment(Map.of()).load();

        assertThat(config.optionalString(EndpointKeys.of("pacs").token())).isEmpty();
    }

    @Test
    void shouldRefuseASecretOnTheCommandLine() {
        assertThatThrownBy(() -> ConfigLoader.builder().environment(Map.of())
                .commandLine(Map.of("dicomweb.endpoints", "pacs", "dicomweb.endpoint.pacs.auth.token", "tok-123")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dicomweb.endpoint.pacs.auth.token")
                .hasMessageContaining("command line")
                .hasMessageContaining("MEDMOE_DICOMWEB_ENDPOINT_PACS_AUTH_TOKEN_FILE")
                .message().doesNotContain("tok-123");
    }

    @Test
    void shouldReadASecretFromTheEnvironment() {
        Config config = ConfigLoader.builder()
                .environment(Map.of("MEDMOE_KAFKA_SSL_TRUSTSTORE_PASSWORD", "changeit")).load();

        assertThat(config.string(ConfigKeys.KAFKA_SSL_TRUSTSTORE_PASSWORD)).isEqualTo("changeit");
        assertThat(config.origin("kafka.ssl.truststore.password"))
                .isEqualTo("environment MEDMOE_KAFKA_SSL_TRUSTSTORE_PASSWORD");
    }

    @Test
    void shouldReadASecretFromTheFileTheEnvironmentNamesWithoutItsTrailingNewline() throws IOException {
        Path secret = dir.resolve("registry-password");
        Files.writeString(secret, "p@ss word\n");
        Path jaas = dir.resolve("jaas");
        Files.writeString(jaas, "PlainLoginModule required username=\"u\" password=\"v\";\r\n");

        Config config = ConfigLoader.builder().environment(Map.of(
                "MEDMOE_REGISTRY_AUTH_PASSWORD_FILE", secret.toString(),
                "MEDMOE_KAFKA_CLIENT_SASL_JAAS_CONFIG_FILE", jaas.toString())).load();

        assertThat(config.string(ConfigKeys.REGISTRY_AUTH_PASSWORD)).isEqualTo("p@ss word");
        assertThat(config.origin("registry.auth.password")).contains(secret.toString())
                .contains("MEDMOE_REGISTRY_AUTH_PASSWORD_FILE");
        assertThat(config.withPrefix(ConfigKeys.KAFKA_PASSTHROUGH_PREFIX))
                .containsEntry("sasl.jaas.config", "PlainLoginModule required username=\"u\" password=\"v\";")
                .doesNotContainKey("sasl.jaas.config.file");
    }

    @Test
    void shouldRefuseASecretSetBothDirectlyAndByFile() throws IOException {
        Path secret = dir.resolve("token");
        Files.writeString(secret, "t");

        assertThatThrownBy(() -> ConfigLoader.builder().environment(Map.of("MEDMOE_DICOMWEB_ENDPOINTS", "pacs",
                "MEDMOE_DICOMWEB_ENDPOINT_PACS_AUTH_TOKEN", "t",
                "MEDMOE_DICOMWEB_ENDPOINT_PACS_AUTH_TOKEN_FILE", secret.toString())).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dicomweb.endpoint.pacs.auth.token is set twice");
    }

    @Test
    void shouldRefuseASecretKafkaPassThroughPropertySetBothDirectlyAndByFile() throws IOException {
        Path secret = dir.resolve("jaas");
        Files.writeString(secret, "x");

        assertThatThrownBy(() -> ConfigLoader.builder().environment(Map.of(
                "MEDMOE_KAFKA_CLIENT_SASL_JAAS_CONFIG", "y",
                "MEDMOE_KAFKA_CLIENT_SASL_JAAS_CONFIG_FILE", secret.toString())).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.client.sasl.jaas.config is set twice");
    }

    @Test
    void shouldNameTheVariableWhenTheSecretFileIsMissing() {
        Path missing = dir.resolve("absent");

        assertThatThrownBy(() -> ConfigLoader.builder()
                .environment(Map.of("MEDMOE_REGISTRY_AUTH_TOKEN_FILE", missing.toString())).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("registry.auth.token")
                .hasMessageContaining("MEDMOE_REGISTRY_AUTH_TOKEN_FILE")
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldMaskSecretsInTheDumpAndSayWhereEachValueCameFrom() throws IOException {
        Path secret = dir.resolve("truststore-password");
        Files.writeString(secret, "trust-me\n");
        Path file = write("kafka:\n  bootstrap.servers: b:9093\n");

        Config config = ConfigLoader.builder().file(file)
                .environment(Map.of("MEDMOE_KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE", secret.toString(),
                        "MEDMOE_KAFKA_CLIENT_SSL_KEY_PASSWORD", "key-pass"))
                .commandLine(Map.of("topics.partitions", "6")).load();

        assertThat(config.maskedEntries().toString()).doesNotContain("trust-me").doesNotContain("key-pass");
        assertThat(config.maskedEntries()).contains(
                new Config.Entry("kafka.ssl.truststore.password", "******",
                        "file " + secret + " (from MEDMOE_KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE)"),
                new Config.Entry("kafka.client.ssl.key.password", "******",
                        "environment MEDMOE_KAFKA_CLIENT_SSL_KEY_PASSWORD"),
                new Config.Entry("kafka.bootstrap.servers", "b:9093", "file " + file),
                new Config.Entry("topics.partitions", "6", "command line"),
                new Config.Entry("topics.replication.factor", "-1", "default"));
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("medmoe.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}

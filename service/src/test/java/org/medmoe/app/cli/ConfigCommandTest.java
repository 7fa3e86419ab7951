package org.medmoe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.testing.cli.CapturedCommandLine;

/** {@code medmoe config} prints every value with its origin, secrets masked, and refuses secrets on the command line. */
class ConfigCommandTest {
    @TempDir
    Path dir;

    private final CapturedCommandLine cli = new CapturedCommandLine(Main::commandLine);


    @Test
    void shouldPrintEachKeyWithItsValueAndOrigin() throws IOException {
        // Given a file and a command-line override
        Path file = dir.resolve("medmoe.yaml");
        Files.writeString(file, "kafka:\n  bootstrap.servers: kafka-1:9093\n");
        // When printing the configuration
        int code = cli.run("config", "--config", file.toString(), "--set", "topics.partitions=6");
        // Then each line says the value and where it came from
        assertThat(code).as(cli.err()).isZero();
        assertThat(cli.out()).containsPattern("kafka\\.bootstrap\\.servers +=  ?kafka-1:9093 +\\(file "
                + java.util.regex.Pattern.quote(file.toString()) + "\\)")
                .containsPattern("topics\\.partitions +=  ?6 +\\(command line\\)")
                .containsPattern("topics\\.dead\\.letters +=  ?medmoe\\.dead-letters +\\(default\\)");
    }

    @Test
    void shouldRefuseASecretOnTheCommandLineWithoutEchoingIt() {
        int code = cli.run("config", "--set", "registry.auth.password=hunter2");

        assertThat(code).isNotZero();
        assertThat(cli.err()).contains("registry.auth.password is a secret")
                .contains("MEDMOE_REGISTRY_AUTH_PASSWORD_FILE");
        assertThat(cli.out()).doesNotContain("hunter2");
    }

    @Test
    void shouldListEveryKeyIncludingThoseThatAreNotSet() {
        int code = cli.run("config");

        assertThat(code).as(cli.err()).isZero();
        for (org.medmoe.app.config.ConfigKey key : org.medmoe.app.config.ConfigKeys.ALL) {
            assertThat(cli.out()).as(key.name()).containsPattern("(?m)^" + java.util.regex.Pattern.quote(key.name())
                    + " +=");
        }
        assertThat(cli.out()).containsPattern("kafka\\.state\\.dir += +\\(not set\\)");
    }
}

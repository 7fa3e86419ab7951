package org.medmoe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code medmoe config} prints every value with its origin, secrets masked, and refuses secrets on the command line. */
class ConfigCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void shouldPrintEachKeyWithItsValueAndOrigin() throws IOException {
        // Given a file and a command-line override
        Path file = dir.resolve("medmoe.yaml");
        Files.writeString(file, "kafka:\n  bootstrap.servers: kafka-1:9093\n");
        // When printing the configuration
        int code = run("config", "--config", file.toString(), "--set", "topics.partitions=6");
        // Then each line says the value and where it came from
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("kafka\\.bootstrap\\.servers +=  ?kafka-1:9093 +\\(file "
                + java.util.regex.Pattern.quote(file.toString()) + "\\)")
                .containsPattern("topics\\.partitions +=  ?6 +\\(command line\\)")
                .containsPattern("topics\\.dead\\.letters +=  ?medmoe\\.dead-letters +\\(default\\)");
    }

    @Test
    void shouldRefuseASecretOnTheCommandLineWithoutEchoingIt() {
        int code = run("config", "--set", "registry.auth.password=hunter2");

        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("registry.auth.password is a secret")
                .contains("MEDMOE_REGISTRY_AUTH_PASSWORD_FILE");
        assertThat(out.toString()).doesNotContain("hunter2");
    }

    @Test
    void shouldListEveryKeyIncludingThoseThatAreNotSet() {
        int code = run("config");

        assertThat(code).as(err.toString()).isZero();
        for (org.medmoe.app.config.ConfigKey key : org.medmoe.app.config.ConfigKeys.ALL) {
            assertThat(out.toString()).as(key.name()).containsPattern("(?m)^" + java.util.regex.Pattern.quote(key.name())
                    + " +=");
        }
        assertThat(out.toString()).containsPattern("kafka\\.state\\.dir += +\\(not set\\)");
    }
}

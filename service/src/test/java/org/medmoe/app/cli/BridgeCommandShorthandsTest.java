package org.medmoe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.medmoe.app.config.Config;
import org.medmoe.app.service.OrthancBridgeSettings;
import picocli.CommandLine;

/** {@code medmoe bridge orthanc}'s own options are shorthands for configuration keys, below {@code --set}. */
class BridgeCommandShorthandsTest {

    @Test
    void shouldTreatTheCommandOptionsAsShorthandsBelowSet() {
        // Given the command's own options and a --set of the same key
        BridgeCommand.Orthanc command = new BridgeCommand.Orthanc();
        new CommandLine(command).parseArgs("--url", "http://a:8042", "--poll-interval", "PT0.5S",
                "--bootstrap-servers", "kafka:9092", "--replication-factor", "1",
                "--set", "bridge.orthanc.url=http://b:8042");

        // When the configuration is resolved
        Config config = command.config();
        OrthancBridgeSettings settings = OrthancBridgeSettings.from(config);

        // Then --set wins over the shorthand, and the shorthands set their keys
        assertThat(settings.orthancUrl()).isEqualTo(URI.create("http://b:8042"));
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.stateReplication()).contains((short) 1);
        assertThat(config.origin("kafka.bootstrap.servers")).isEqualTo("command line");
        assertThat(config.masked()).containsEntry("kafka.bootstrap.servers", "kafka:9092");
    }
}

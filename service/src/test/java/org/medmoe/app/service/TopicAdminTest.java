package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Creating topics on a broker that does not answer says so and names the address, instead of ": null". */
class TopicAdminTest {

    @Test
    void shouldSayThatNoBrokerAnsweredAtTheConfiguredAddress() throws IOException {
        // Given an address on loopback where nothing listens
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Properties client = new Properties();
        client.put("bootstrap.servers", "127.0.0.1:" + port);

        // When the service creates its topics there, Then the error says what to check
        assertThatThrownBy(() -> TopicAdmin.createMissing(client, List.of("medmoe.findings"), 1, -1,
                Duration.ofSeconds(2)))
                .isInstanceOf(ServiceStartException.class)
                .hasMessage("no answer from Kafka at 127.0.0.1:" + port + " within 2 s while creating topics:"
                        + " is the broker running, and does kafka.bootstrap.servers name it?");
    }
}

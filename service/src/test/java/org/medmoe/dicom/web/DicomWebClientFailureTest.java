package org.medmoe.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medmoe.dicom.StudyRef;

/** Retries, timeouts and error classes, against small local servers that misbehave on purpose. */
class DicomWebClientFailureTest {

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> auth = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve(int... statuses) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            int n = calls.getAndIncrement();
            auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
            int status = statuses[Math.min(n, statuses.length - 1)];
            byte[] body = (status == 200 ? "[]" : "failure " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web");
    }

    private static DicomWebClient client(URI base, int attempts, Duration timeout) {
        return new DicomWebClient(DicomWebConfig.of(base).withTimeouts(Duration.ofSeconds(1), timeout, attempts,
                Duration.ofMillis(10)).withAuth(new DicomWebAuth.Bearer("secret-token")));
    }

    @Test
    void shouldRetryServerErrorsAndTooManyRequestsThenSucceed() throws Exception {
        URI base = serve(503, 429, 200);

        List<DicomJson> result = client(base, 4, Duration.ofSeconds(2)).searchStudies(Map.of());

        assertThat(result).isEmpty();
        assertThat(calls).hasValue(3);
        assertThat(auth).containsOnly("Bearer secret-token");
    }

    @Test
    void shouldNotRetryOtherClientErrors() throws Exception {
        URI base = serve(403);

        assertThatThrownBy(() -> client(base, 4, Duration.ofSeconds(2)).searchStudies(Map.of()))
                .isInstanceOf(DicomWebRejectedException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("failure 403")
                .hasMessageNotContaining("secret-token");
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldKeepQueryValuesOutOfErrorMessages() throws Exception {
        URI base = serve(400);

        assertThatThrownBy(() -> client(base, 1, Duration.ofSeconds(2)).searchStudies(Map.of("PatientID", "PAT-12345")))
                .isInstanceOf(DicomWebRejectedException.class)
                .hasMessageContaining("/dicom-web/studies?(query omitted)").hasMessageNotContaining("PAT-12345");
    }

    @Test
    void shouldGiveUpAsUnreachableAfterPersistentServerErrors() throws Exception {
        URI base = serve(500);

        assertThatThrownBy(() -> client(base, 3, Duration.ofSeconds(2)).retrieveMetadata(new StudyRef("1.2.3")))
                .isInstanceOf(DicomWebUnreachableException.class).hasMessageContaining("attempt 3 of 3");
        assertThat(calls).hasValue(3);
    }

    @Test
    void shouldTimeOutOnAServerThatNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            URI base = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/dicom-web");
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.start();

            assertThatThrownBy(() -> client(base, 2, Duration.ofMillis(300)).searchStudies(Map.of()))
                    .isInstanceOf(DicomWebTimeoutException.class).hasMessageContaining("attempt 2 of 2");
        }
    }

    @Test
    void shouldReportARefusedConnectionAsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port + "/dicom-web");

        assertThatThrownBy(() -> client(base, 2, Duration.ofSeconds(1)).searchStudies(Map.of()))
                .isInstanceOf(DicomWebUnreachableException.class).hasMessageContaining("127.0.0.1:" + port);
    }
}

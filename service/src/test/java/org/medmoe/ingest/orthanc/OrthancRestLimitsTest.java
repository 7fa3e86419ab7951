package org.medmoe.ingest.orthanc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bridge's Orthanc client refuses oversized answers and does not follow redirects. */
class OrthancRestLimitsTest {
    private HttpServer server;
    private final AtomicLong sent = new AtomicLong();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI serve(int status, long declared, String location) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(status, declared);
                byte[] chunk = "[0,".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
                while (status == 200 && sent.get() < Math.min(declared <= 0 ? Long.MAX_VALUE : declared, 256L << 20)) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                // the client went away
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void shouldRefuseAChangeFeedDeclaringMoreThanTheCapUnread() throws Exception {
        URI base = serve(200, 3L << 30, null);

        assertThatThrownBy(() -> new OrthancRest(base, null, Duration.ofSeconds(5)).changes(0, 100))
                .isInstanceOf(OrthancException.class).hasMessageContaining("an answer over 67108864 bytes; refused");
    }

    @Test
    void shouldStopReadingAnUndeclaredAnswerAtTheCap() throws Exception {
        URI base = serve(200, 0, null);

        assertThatThrownBy(() -> new OrthancRest(base, null, Duration.ofSeconds(5)).changes(0, 100))
                .isInstanceOf(OrthancException.class).hasMessageContaining("refused");
        assertThat(sent.get()).isLessThan(256L << 20);
    }

    @Test
    void shouldNotFollowARedirect() throws Exception {
        URI base = serve(302, -1, "/elsewhere");

        assertThatThrownBy(() -> new OrthancRest(base, null, Duration.ofSeconds(5)).changes(0, 100))
                .isInstanceOf(OrthancException.class).hasMessageContaining("HTTP 302");
        assertThat(paths).containsExactly("/changes");
    }
}

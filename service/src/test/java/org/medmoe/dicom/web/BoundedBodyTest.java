package org.medmoe.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medmoe.dicom.StudyRef;

/**
 * Every response body has a cap checked before memory is taken for it, against loopback servers
 * that declare or send more than the cap and count what they managed to send.
 */
class BoundedBodyTest {
    private static final long THREE_GB = 3L << 30;
    private static final StudyRef STUDY = new StudyRef("1.2.3");

    private HttpServer server;
    private final AtomicLong sent = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** A handler that answers with {@code headers} and then writes until the client goes or {@code max} is sent. */
    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private URI serve(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try {
                handler.handle(exchange);
            } catch (IOException e) {
                // the client went away: what was sent is counted
            } finally {
                exchange.close();
                done.countDown();
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web");
    }

    private void stream(OutputStream out, byte[] prefix, long max) throws IOException {
        out.write(prefix);
        sent.addAndGet(prefix.length);
        byte[] chunk = new byte[64 * 1024];
        while (sent.get() < max) {
            out.write(chunk);
            out.flush();
            sent.addAndGet(chunk.length);
        }
    }

    private static DicomWebClient client(URI base, BodyLimits limits) {
        return new DicomWebClient(DicomWebConfig.of(base).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), 1,
                Duration.ofMillis(10)).withAuth(new DicomWebAuth.Basic("medmoe", "s3cret-pw")).withLimits(limits));
    }

    @Test
    void shouldRefuseAnInstanceDeclaringThreeGigabytesWithoutReadingIt() throws Exception {
        // Given a heap smaller than the instance, and a server declaring a 3 GB instance and sending zeros
        assertThat(Runtime.getRuntime().maxMemory()).as("the test heap cannot hold the instance").isLessThan(THREE_GB);
        URI base = serve(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b");
            exchange.sendResponseHeaders(200, THREE_GB);
            stream(exchange.getResponseBody(), "\r\n--b\r\nContent-Type: application/dicom\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII), THREE_GB);
        });

        // When the instance is retrieved, Then it is refused on its declared length
        assertThatThrownBy(() -> client(base, BodyLimits.defaults()).retrieveInstance(STUDY.series("1.2.3.4")
                .instance("1.2.3.4.5")))
                .isInstanceOf(DicomWebTooLargeException.class)
                .hasMessageContaining("declares " + THREE_GB + " bytes, over the cap of " + ((512L << 20) + BodyLimits.FRAMING_BYTES) + " bytes");
        // and the server got to send only what the sockets buffer before the client hung up
        assertThat(done.await(30, TimeUnit.SECONDS)).as("the server's write ended when the client left").isTrue();
        assertThat(sent.get()).isLessThan(64L << 20);
    }

    @Test
    void shouldStopReadingAnUndeclaredJsonBodyAtItsCap() throws Exception {
        URI base = serve(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            stream(exchange.getResponseBody(), "[".getBytes(StandardCharsets.US_ASCII), 16L << 20);
        });

        assertThatThrownBy(() -> client(base, new BodyLimits(1 << 20, 64 * 1024)).searchStudies(Map.of()))
                .isInstanceOf(DicomWebTooLargeException.class)
                .hasMessageContaining("larger than the cap of 65536 bytes");
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sent.get()).isLessThan(16L << 20);
    }

    @Test
    void shouldStopReadingAnUndeclaredInstancePartAtItsCap() throws Exception {
        URI base = serve(exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b");
            exchange.sendResponseHeaders(200, 0);
            stream(exchange.getResponseBody(), "\r\n--b\r\nContent-Type: application/dicom\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII), 64L << 20);
        });

        assertThatThrownBy(() -> client(base, new BodyLimits(1 << 20, 64 * 1024)).retrieveInstance(
                STUDY.series("1.2.3.4").instance("1.2.3.4.5")))
                .isInstanceOf(DicomWebTooLargeException.class)
                .hasMessageContaining("an instance is body larger than the cap of 1048576 bytes");
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sent.get()).isLessThan(64L << 20);
    }

    @Test
    void shouldCutErrorBodiesAndMaskTheCredentialsAServerEchoes() throws Exception {
        URI base = serve(exchange -> {
            String echoed = "denied for " + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + "x".repeat(4000);
            byte[] body = echoed.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
        });

        Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> client(base, BodyLimits.defaults())
                .retrieveMetadata(STUDY));

        assertThat(e).isInstanceOf(DicomWebRejectedException.class).hasMessageContaining("denied for ***")
                .hasMessageNotContaining("bWVkbW9lOnMzY3JldC1wdw").hasMessageNotContaining("s3cret-pw");
        assertThat(e.getMessage().length()).isLessThan(BodyLimits.ERROR_BODY_BYTES + 200);
    }
}

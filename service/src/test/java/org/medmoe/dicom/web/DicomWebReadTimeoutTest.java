package org.medmoe.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medmoe.dicom.InstanceRef;
import org.medmoe.dicom.SeriesRef;
import org.medmoe.dicom.StudyRef;

/**
 * A server that sends the response headers and part of a multipart body, then stalls: the read
 * (idle) timeout ends the wait with a typed timeout naming the URL, and the request is retried as
 * configured. The request timeout is set far longer, so only the read timeout can end the wait.
 */
class DicomWebReadTimeoutTest {

    private static final String BOUNDARY = "stall-boundary";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READ_TIMEOUT = Duration.ofMillis(400);
    private static final byte[] INSTANCE_A = instance('A');
    private static final byte[] INSTANCE_B = instance('B');

    private HttpServer server;
    private ExecutorService threads;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger calls = new AtomicInteger();

    /** What the server does on one call. */
    private enum Behaviour { STALL_IN_FIRST_PART, STALL_AFTER_FIRST_PART, ANSWER }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    private static byte[] instance(char fill) {
        byte[] b = new byte[4096];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    private static byte[] part(byte[] body) {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        out.writeBytes(body);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private URI serve(Behaviour... behaviours) throws IOException {
        threads = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            int n = calls.getAndIncrement();
            respond(exchange, behaviours[Math.min(n, behaviours.length - 1)]);
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web");
    }

    private void respond(HttpExchange exchange, Behaviour behaviour) throws IOException {
        exchange.getResponseHeaders().add("Content-Type",
                "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY);
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        byte[] first = part(behaviour == Behaviour.ANSWER ? INSTANCE_A : INSTANCE_A);
        if (behaviour == Behaviour.STALL_IN_FIRST_PART) {
            body.write(first, 0, first.length / 2);
        } else {
            body.write(first);
        }
        if (behaviour == Behaviour.STALL_AFTER_FIRST_PART) {
            byte[] second = part(INSTANCE_B);
            body.write(second, 0, 100);
        }
        if (behaviour == Behaviour.ANSWER) {
            body.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            exchange.close();
            return;
        }
        body.flush();
        try {
            // Stalled: the connection stays open with no more bytes until the test ends.
            release.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    private static DicomWebClient client(URI base, int attempts) {
        return new DicomWebClient(DicomWebConfig.of(base)
                .withTimeouts(Duration.ofSeconds(1), REQUEST_TIMEOUT, attempts, Duration.ofMillis(10))
                .withReadTimeout(READ_TIMEOUT));
    }

    @Test
    void shouldFailAStalledBodyWithATimeoutNamingTheUrlAfterEveryAttempt() throws Exception {
        // Given a server that stalls in the middle of the first instance, every time
        URI base = serve(Behaviour.STALL_IN_FIRST_PART);
        DicomWebClient client = client(base, 3);
        List<Integer> sizes = new ArrayList<>();

        // When a study is retrieved, the call ends (long before the request timeout) with a typed timeout
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> client.retrieveStudy(new StudyRef("1.2.3"),
                        in -> sizes.add(in.readAllBytes().length)))
                        .isInstanceOf(DicomWebTimeoutException.class)
                        .hasMessageContaining("GET " + base + "/studies/1.2.3")
                        .hasMessageContaining("stalled: no data for 400 ms")
                        .hasMessageContaining("attempt 3 of 3"));

        // Then each configured attempt was made, and no instance was handed over
        assertThat(calls).hasValue(3);
        assertThat(sizes).isEmpty();
    }

    @Test
    void shouldRetryAStalledBodyAndReturnTheInstanceOfTheNextAttempt() throws Exception {
        // Given a server that stalls once, then answers
        URI base = serve(Behaviour.STALL_IN_FIRST_PART, Behaviour.ANSWER);
        DicomWebClient client = client(base, 2);
        InstanceRef ref = new InstanceRef(new SeriesRef(new StudyRef("1.2.3"), "1.2.3.4"), "1.2.3.4.5");

        // When one instance is retrieved
        byte[] bytes = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> client.retrieveInstance(ref));

        // Then the second attempt's whole instance comes back, without the first attempt's half
        assertThat(calls).hasValue(2);
        assertThat(bytes).isEqualTo(INSTANCE_A);
    }

    @Test
    void shouldNotRetryOnceAnInstanceWasHandedOver() throws Exception {
        // Given a server that sends one whole instance, then stalls in the second
        URI base = serve(Behaviour.STALL_AFTER_FIRST_PART, Behaviour.ANSWER);
        DicomWebClient client = client(base, 3);
        List<Integer> sizes = new ArrayList<>();

        // When the study is retrieved
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> client.retrieveStudy(new StudyRef("1.2.3"),
                        in -> sizes.add(in.readAllBytes().length)))
                        .isInstanceOf(DicomWebTimeoutException.class)
                        .hasMessageContaining(base + "/studies/1.2.3")
                        .hasMessageContaining("after 1 instances (not retried"));

        // Then the handler saw the first instance once, and there was no second request
        assertThat(sizes).containsExactly(INSTANCE_A.length);
        assertThat(calls).hasValue(1);
    }
}

package org.medmoe.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medmoe.app.config.Config;

/**
 * The ops endpoint as a network service: loopback only by default, the optional bearer token, and
 * liveness that clients sending half a request cannot starve.
 */
class OpsEndpointHardeningTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> slow = new ArrayList<>();
    private OpsHttpServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : slow) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    private HttpResponse<String> get(String host, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + server.port() + path))
                .timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldNotBeReachableOnANonLoopbackAddressByDefault() throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeThat(external).as("this machine has a non-loopback IPv4 address").isPresent();

        server = OpsHttpServer.start(Config.of(Map.of("http.port", "0")), () -> "", new ServiceHealth());

        assertThat(get("127.0.0.1", OpsHttpServer.LIVE, null).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress(external.get(), server.port()), 5000))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void shouldAnswerOnlyRequestsBearingTheTokenWhenOneIsSet() throws Exception {
        server = OpsHttpServer.start(Config.of(Map.of("http.port", "0", "http.auth.token", "ops-token")), () -> "m 1\n",
                new ServiceHealth());

        assertThat(get("127.0.0.1", OpsHttpServer.METRICS, null).statusCode()).isEqualTo(401);
        assertThat(get("127.0.0.1", OpsHttpServer.LIVE, "Bearer wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> unauthorised = get("127.0.0.1", OpsHttpServer.METRICS, "Bearer ops-tokenx");
        assertThat(unauthorised.statusCode()).isEqualTo(401);
        assertThat(unauthorised.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        HttpResponse<String> metrics = get("127.0.0.1", OpsHttpServer.METRICS, "Bearer ops-token");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).isEqualTo("m 1\n");
    }

    /** Opens {@code n} connections that send a request line and part of the headers, then stall. */
    private void halfRequests(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
            OutputStream out = s.getOutputStream();
            out.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            slow.add(s);
        }
    }

    @Test
    void shouldServeLivenessWhileFewerSlowClientsThanThreadsStall() throws Exception {
        server = OpsHttpServer.start("127.0.0.1", 0, 8, null, () -> "", new ServiceHealth());
        halfRequests(4);

        HttpResponse<String> live = get("127.0.0.1", OpsHttpServer.LIVE, null);

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void shouldDropStalledRequestsSoThatMoreSlowClientsThanThreadsCannotStarveLiveness() throws Exception {
        server = OpsHttpServer.start("127.0.0.1", 0, 2, null, () -> "", new ServiceHealth());
        halfRequests(4);

        HttpResponse<String> live = get("127.0.0.1", OpsHttpServer.LIVE, null);

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(closedByServer(slow.get(0))).as("the first stalled client was dropped").isTrue();
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketException e) {
            return true; // reset by the server
        }
    }
}

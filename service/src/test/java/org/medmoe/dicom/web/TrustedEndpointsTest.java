package org.medmoe.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medmoe.dicom.StudyRef;

/**
 * Locators are matched against the configured endpoints before anything is sent, credentials go to
 * their own endpoint only, and redirects are refused; the "other host" is a real server on loopback
 * that records every request it gets.
 */
class TrustedEndpointsTest {

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    /** A server answering {@code status} (with {@code location} on a redirect), recording each Authorization header. */
    private HttpServer server(int status, String location, List<String> requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath() + " auth=" + exchange.getRequestHeaders().getFirst("Authorization"));
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
            if (status == 200) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        servers.add(server);
        return server;
    }

    private static String root(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web";
    }

    private static DicomWebEndpoint endpoint(String name, String url, String token) {
        return new DicomWebEndpoint(name, DicomWebConfig.of(java.net.URI.create(url))
                .withAuth(new DicomWebAuth.Bearer(token))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), 1, Duration.ofMillis(10)));
    }

    @Test
    void shouldRefuseALocatorOnAnotherHostWithoutSendingItAnything() throws Exception {
        List<String> pacsRequests = new CopyOnWriteArrayList<>();
        List<String> otherRequests = new CopyOnWriteArrayList<>();
        HttpServer pacs = server(200, null, pacsRequests);
        HttpServer other = server(200, null, otherRequests);
        TrustedEndpoints trusted = new TrustedEndpoints(List.of(endpoint("pacs", root(pacs), "pacs-token")));

        assertThatThrownBy(() -> trusted.client(root(other)))
                .isInstanceOf(DicomWebUntrustedException.class)
                .hasMessageContaining("not under a configured DICOMweb endpoint").hasMessageNotContaining("pacs-token");

        assertThat(otherRequests).isEmpty();
        assertThat(pacsRequests).isEmpty();
    }

    @Test
    void shouldSendEachEndpointItsOwnCredentialsOnly() throws Exception {
        List<String> aRequests = new CopyOnWriteArrayList<>();
        List<String> bRequests = new CopyOnWriteArrayList<>();
        HttpServer a = server(200, null, aRequests);
        HttpServer b = server(200, null, bRequests);
        TrustedEndpoints trusted = new TrustedEndpoints(List.of(endpoint("a", root(a), "token-a"),
                endpoint("b", root(b), "token-b")));

        trusted.client(root(a)).searchStudies(Map.of());
        trusted.client(root(b) + "/").searchSeries(new StudyRef("1.2.3"), Map.of());

        assertThat(aRequests).containsExactly("/dicom-web/studies auth=Bearer token-a");
        assertThat(bRequests).containsExactly("/dicom-web/studies/1.2.3/series auth=Bearer token-b");
    }

    @Test
    void shouldRefuseARedirectToAnotherHostAndNeverFollowIt() throws Exception {
        List<String> otherRequests = new CopyOnWriteArrayList<>();
        HttpServer other = server(200, null, otherRequests);
        List<String> pacsRequests = new CopyOnWriteArrayList<>();
        HttpServer pacs = server(302, root(other) + "/studies?PatientID=PAT-1", pacsRequests);
        TrustedEndpoints trusted = new TrustedEndpoints(List.of(endpoint("pacs", root(pacs), "pacs-token")));

        assertThatThrownBy(() -> trusted.client(root(pacs)).searchStudies(Map.of()))
                .isInstanceOf(DicomWebUntrustedException.class)
                .hasMessageContaining("HTTP 302")
                .hasMessageContaining("redirect to http://127.0.0.1:" + other.getAddress().getPort() + " refused")
                .hasMessageNotContaining("PAT-1");

        assertThat(pacsRequests).hasSize(1);
        assertThat(otherRequests).isEmpty();
    }

    @Test
    void shouldMatchOnlyWholePathSegmentsOfTheSameSchemeHostAndPort() {
        TrustedEndpoints trusted = new TrustedEndpoints(List.of(endpoint("pacs", "http://PACS.example/dicom-web/",
                "t")));

        assertThat(trusted.endpoint("http://pacs.example/dicom-web")).isPresent();
        assertThat(trusted.endpoint("HTTP://pacs.EXAMPLE:80/dicom-web/")).isPresent();
        assertThat(trusted.endpoint("http://pacs.example/dicom-web/tenant-1")).isPresent();
        assertThat(trusted.endpoint("http://pacs.example/dicom-web-evil")).isEmpty();
        assertThat(trusted.endpoint("http://pacs.example/dicom")).isEmpty();
        assertThat(trusted.endpoint("https://pacs.example/dicom-web")).isEmpty();
        assertThat(trusted.endpoint("http://pacs.example:8042/dicom-web")).isEmpty();
        assertThat(trusted.endpoint("http://pacs.example.evil.example/dicom-web")).isEmpty();
    }

    @Test
    void shouldRefuseClimbingPathsUserInfoQueriesAndOtherSchemes() {
        TrustedEndpoints trusted = new TrustedEndpoints(List.of(endpoint("pacs", "http://pacs.example/dicom-web",
                "t")));

        List<String> refused = List.of(
                "http://pacs.example/dicom-web/../admin",
                "http://pacs.example/dicom-web/%2e%2e/admin",
                "http://pacs.example/dicom-web/%2E%2E/admin",
                "http://pacs.example/dicom-web/./x",
                "http://pacs.example/dicom-web/a%2fb",
                "http://pacs.example/dicom-web//evil",
                "http://pacs.example@evil.example/dicom-web",
                "http://user:pw@pacs.example/dicom-web",
                "http://pacs.example/dicom-web?x=1",
                "http://pacs.example/dicom-web#f",
                "file:///dicom-web",
                "ftp://pacs.example/dicom-web",
                "pacs.example/dicom-web",
                "http://pacs.example/dicom-web/\\..\\admin",
                "");
        for (String locator : refused) {
            assertThat(trusted.endpoint(locator)).as(locator).isEmpty();
        }
    }

    @Test
    void shouldTrustNothingWithoutEndpoints() {
        assertThatThrownBy(() -> new TrustedEndpoints(List.of()).client("http://pacs.example/dicom-web"))
                .isInstanceOf(DicomWebUntrustedException.class);
    }
}

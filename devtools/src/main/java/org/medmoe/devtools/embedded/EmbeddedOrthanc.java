package org.medmoe.devtools.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Orthanc (Debian packages {@code orthanc} and {@code orthanc-dicomweb}) run as a child
 * process on free loopback ports, with its own storage folder and configuration, killed when
 * the JVM exits: the PACS of the integration tests and of the drill. {@link #shared()} starts one
 * for the whole test run; {@link #pid()} lets the drill stop it with SIGSTOP.
 */
public final class EmbeddedOrthanc implements AutoCloseable {

    /** Quiet period before Orthanc declares a study stable, in seconds. */
    public static final int STABLE_AGE_SECONDS = 2;

    private static EmbeddedOrthanc shared;

    private final Process process;
    private final Path home;
    private final int httpPort;
    private final int dicomPort;
    private final String scheme;
    private final String authorization;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    private EmbeddedOrthanc(Process process, Path home, int httpPort, int dicomPort, Security security) {
        this.scheme = "http";
        this.authorization = security.user() == null ? null : "Basic " + java.util.Base64.getEncoder()
                .encodeToString((security.user() + ":" + security.password()).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newHttpClient();
        this.process = process;
        this.home = home;
        this.httpPort = httpPort;
        this.dicomPort = dicomPort;
    }

    /** The Orthanc shared by all tests of this JVM, started on first use. */
    public static synchronized EmbeddedOrthanc shared() {
        if (shared == null) {
            shared = start();
            EmbeddedOrthanc s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "orthanc-stop"));
        }
        return shared;
    }

    /**
     * How a started Orthanc is secured: HTTP basic authentication as {@code user} (null: none). For
     * https, put a {@code TlsTerminator} in front: Debian's Orthanc 1.10 with OpenSSL 3 drops the
     * connection on the first request with its own {@code SslEnabled}.
     */
    public record Security(String user, String password) {
        /** No authentication. */
        public static Security none() {
            return new Security(null, null);
        }
    }

    /** Starts a new Orthanc; the caller closes it. */
    public static EmbeddedOrthanc start() {
        return start(Security.none());
    }

    /** Starts a new Orthanc secured as {@code security} says; the caller closes it. */
    public static EmbeddedOrthanc start(Security security) {
        try {
            Path home = Files.createTempDirectory("orthanc-");
            int httpPort = freePort();
            int dicomPort = freePort();
            ObjectMapper json = new ObjectMapper();
            ObjectNode config = json.createObjectNode();
            config.put("Name", "medmoe-test");
            config.put("StorageDirectory", home.resolve("storage").toString());
            config.put("IndexDirectory", home.resolve("index").toString());
            config.put("HttpPort", httpPort);
            config.put("DicomPort", dicomPort);
            config.put("DicomAet", "MEDMOETEST");
            config.put("RemoteAccessAllowed", false);
            config.put("AuthenticationEnabled", security.user() != null);
            if (security.user() != null) {
                config.putObject("RegisteredUsers").put(security.user(), security.password());
            }
            config.put("StableAge", STABLE_AGE_SECONDS);
            config.put("ConcurrentJobs", 1);
            // No idle keep-alive connections: Orthanc closes them after a while, and a client that
            // reuses one just then reads nothing back.
            config.put("KeepAlive", false);
            config.putArray("Plugins").add(plugin());
            ObjectNode web = config.putObject("DicomWeb");
            web.put("Enable", true);
            web.put("Root", "/dicom-web/");
            web.put("Host", "127.0.0.1:" + httpPort);
            web.put("Ssl", false);
            Path file = home.resolve("orthanc.json");
            Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(config));
            Process p = new ProcessBuilder("Orthanc", file.toString())
                    .redirectErrorStream(true).redirectOutput(home.resolve("orthanc.log").toFile()).start();
            EmbeddedOrthanc server = new EmbeddedOrthanc(p, home, httpPort, dicomPort, security);
            server.awaitReady(Duration.ofSeconds(30));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Orthanc (Debian packages orthanc and orthanc-dicomweb, "
                    + "see tools/packages/drill.txt)", e);
        }
    }

    private static String plugin() throws IOException {
        try {
            Process p = new ProcessBuilder("dpkg", "-L", "orthanc-dicomweb").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().filter(l -> l.matches(".*/libOrthancDicomWeb\\.so(\\.[0-9.]+)?$"))
                    .filter(l -> Files.isRegularFile(Path.of(l))).findFirst()
                    .orElseThrow(() -> new IOException("Debian package orthanc-dicomweb is not installed"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Orthanc exited with " + process.exitValue() + ": "
                        + Files.readString(home.resolve("orthanc.log")));
            }
            try {
                HttpResponse<String> r = http.send(authorised(HttpRequest.newBuilder(url("/system")))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            waitOnProcess(50);
        }
        throw new IOException("Orthanc did not answer within " + timeout);
    }

    private void waitOnProcess(long millis) {
        try {
            process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Orthanc's REST root, e.g. {@code http://127.0.0.1:PORT} ({@code https} when secured). */
    public URI restUrl() {
        return URI.create(scheme + "://127.0.0.1:" + httpPort);
    }

    /** The DICOMweb root, e.g. {@code http://127.0.0.1:PORT/dicom-web}. */
    public URI dicomWebUrl() {
        return URI.create(scheme + "://127.0.0.1:" + httpPort + "/dicom-web");
    }

    private HttpRequest.Builder authorised(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    /** The Orthanc process's id, for signals. */
    public long pid() {
        return process.pid();
    }

    /** The DICOM (DIMSE) port. */
    public int dicomPort() {
        return dicomPort;
    }

    private URI url(String path) {
        return URI.create(restUrl() + path);
    }

    /** Stores a Part-10 file through the REST API (POST /instances); returns Orthanc's answer. */
    public JsonNode upload(byte[] dicom) {
        return call(HttpRequest.newBuilder(url("/instances")).header("Content-Type", "application/dicom")
                .POST(HttpRequest.BodyPublishers.ofByteArray(dicom)));
    }

    /** Stores a file. */
    public JsonNode upload(Path file) throws IOException {
        return upload(Files.readAllBytes(file));
    }

    /** GET on the REST API, parsed as JSON. */
    public JsonNode get(String path) {
        return call(HttpRequest.newBuilder(url(path)).GET());
    }

    /** Deletes every study (between tests). */
    public void deleteAllStudies() {
        for (JsonNode id : get("/studies")) {
            call(HttpRequest.newBuilder(url("/studies/" + id.asText())).DELETE());
        }
    }

    private JsonNode call(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(authorised(request).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("Orthanc answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().isBlank() ? json.createObjectNode() : json.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("Orthanc request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        waitOnProcess(5000);
        process.destroyForcibly();
        try (Stream<Path> walk = Files.walk(home)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temp folder left behind
        }
    }
}

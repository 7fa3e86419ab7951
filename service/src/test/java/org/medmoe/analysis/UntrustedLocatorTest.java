package org.medmoe.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.web.DicomWebAuth;
import org.medmoe.dicom.web.DicomWebConfig;
import org.medmoe.dicom.web.DicomWebEndpoint;
import org.medmoe.dicom.web.TrustedEndpoints;
import org.medmoe.findings.ModelProvenance;
import org.medmoe.findings.StudyResult;
import org.medmoe.pipeline.PipelineLoader;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;

/**
 * A study whose locator is not trusted fails with UNTRUSTED_LOCATOR (the reason its dead letter
 * carries) before any request: the listing, the instance read and the SR write-back. The "other
 * host" is a real server on loopback that records what reaches it; file locators outside the
 * configured roots are refused the same way.
 */
class UntrustedLocatorTest {
    private static final String UID = "1.2.826.0.1.3680043.8.498.1";

    @TempDir
    Path dir;

    private HttpServer pacs;
    private HttpServer other;
    private final List<String> pacsRequests = new CopyOnWriteArrayList<>();
    private final List<String> otherRequests = new CopyOnWriteArrayList<>();
    private TrustedEndpoints trusted;

    @BeforeEach
    void start() throws IOException {
        pacs = recording(pacsRequests);
        other = recording(otherRequests);
        trusted = new TrustedEndpoints(List.of(new DicomWebEndpoint("pacs", DicomWebConfig.of(URI.create(root(pacs)))
                .withAuth(new DicomWebAuth.Basic("medmoe", "pacs-password"))
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), 1, Duration.ofMillis(10)))));
    }

    @AfterEach
    void stop() {
        pacs.stop(0);
        other.stop(0);
    }

    private static HttpServer recording(List<String> requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("[]".getBytes());
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String root(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/dicom-web";
    }

    private static StudyEvent event(LocatorKind kind, String uri, String studyPath) {
        return StudyEvent.newBuilder().setStudyInstanceUid(UID).setRevision(1).setModalities(List.of("CT"))
                .setSeriesCount(1).setInstanceCount(1)
                .setLocator(new StudyLocator(kind, uri, studyPath)).setSource("test")
                .setEventTime(Instant.parse("2026-11-25T10:00:00Z")).build();
    }

    @Test
    void shouldDeadLetterAStudyOnAnotherHostWithoutARequestOrACredentialReachingIt() {
        // Given an event naming a host that is no configured endpoint
        StudyEvent event = event(LocatorKind.DICOMWEB, root(other), null);
        DicomWebImageSource source = new DicomWebImageSource(trusted);

        // When the study is planned and an image is read
        AnalysisException plan = catchThrowableOfType(() -> source.list(event), AnalysisException.class);
        AnalysisException fetch = catchThrowableOfType(() -> source.read(event,
                new ImageRef("1.2.3", "1.2.3.4", "CT", null)), AnalysisException.class);

        // Then both fail as UNTRUSTED_LOCATOR, and neither host got anything
        assertThat(plan.reason()).isEqualTo(ReasonCode.UNTRUSTED_LOCATOR);
        assertThat(plan.stage()).isEqualTo("plan");
        assertThat(fetch.reason()).isEqualTo(ReasonCode.UNTRUSTED_LOCATOR);
        assertThat(plan.getMessage()).doesNotContain("pacs-password");
        assertThat(otherRequests).isEmpty();
        assertThat(pacsRequests).isEmpty();
    }

    @Test
    void shouldSendTheTrustedEndpointItsCredentialsWhenTheLocatorIsUnderIt() throws Exception {
        DicomWebImageSource source = new DicomWebImageSource(trusted);

        List<SeriesCandidate> series = source.list(event(LocatorKind.DICOMWEB, root(pacs) + "/", null));

        assertThat(series).isEmpty();
        assertThat(pacsRequests).singleElement().asString()
                .startsWith("GET /dicom-web/studies/" + UID + "/series").endsWith(" Basic bWVkbW9lOnBhY3MtcGFzc3dvcmQ=");
        assertThat(otherRequests).isEmpty();
    }

    @Test
    void shouldWriteNoSrBackToAHostThatIsNoEndpoint() {
        DicomWebSrWriteBack writeBack = new DicomWebSrWriteBack(PipelineLoader.load(Path.of(
                System.getProperty("medmoe.project.dir", ".")).resolve("topology/pipeline.yaml")), trusted);
        ModelProvenance p = new ModelProvenance("m", "1", "phi2", Map.of(), "CPU", "core", "1", "t");
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        StudyResult findings = new StudyResult(UID, 1, null, null, List.of("CT"), null, t, List.of(), List.of(),
                List.of(), Map.of(), p, Map.of(), t);

        AnalysisException e = catchThrowableOfType(() -> writeBack.store(event(LocatorKind.DICOMWEB, root(other),
                null), findings), AnalysisException.class);

        assertThat(e.reason()).isEqualTo(ReasonCode.UNTRUSTED_LOCATOR);
        assertThat(otherRequests).isEmpty();
        assertThat(pacsRequests).isEmpty();
    }

    @Test
    void shouldRefuseFileLocatorsOutsideTheRootsThroughDotDotOrASymbolicLinkAndWithoutRoots() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path outside = Files.createDirectories(dir.resolve("outside/study"));
        Files.write(outside.resolve("image.dcm"), new byte[] {1, 2, 3});
        Files.createSymbolicLink(root.resolve("link"), outside);
        DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
        FolderImageSource source = new FolderImageSource(reader, List.of(root), 1 << 20);

        for (StudyEvent event : List.of(
                event(LocatorKind.FILE, outside.toUri().toString(), null),
                event(LocatorKind.FILE, root.toUri() + "../outside/study", null),
                event(LocatorKind.FILE, root.toUri().toString(), "../outside/study"),
                event(LocatorKind.FILE, root.resolve("link").toUri().toString(), null))) {
            AnalysisException e = catchThrowableOfType(() -> source.list(event), AnalysisException.class);
            assertThat(e.reason()).as(event.getLocator().toString()).isEqualTo(ReasonCode.UNTRUSTED_LOCATOR);
        }
        AnalysisException noRoots = catchThrowableOfType(() -> new FolderImageSource(reader, List.of(), 1 << 20)
                .list(event(LocatorKind.FILE, root.toUri().toString(), null)), AnalysisException.class);
        assertThat(noRoots.reason()).isEqualTo(ReasonCode.UNTRUSTED_LOCATOR);
        AnalysisException read = catchThrowableOfType(() -> source.read(event(LocatorKind.FILE, root.toUri().toString(),
                null), new ImageRef("1.2.3", "1.2.3.4", "CT", outside.resolve("image.dcm").toString())),
                AnalysisException.class);
        assertThat(read.reason()).isEqualTo(ReasonCode.UNTRUSTED_LOCATOR);
    }

    @Test
    void shouldRefuseAFileOverTheCapOnItsSize() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path big = root.resolve("big.dcm");
        Files.write(big, new byte[4096]);
        FolderImageSource source = new FolderImageSource(new DicomImageReader(DecodeLimits.defaults()), List.of(root),
                1024);

        AnalysisException e = catchThrowableOfType(() -> source.read(event(LocatorKind.FILE, root.toUri().toString(),
                null), new ImageRef("1.2.3", "1.2.3.4", "CT", big.toString())), AnalysisException.class);

        assertThat(e.reason()).isEqualTo(ReasonCode.INPUT_TOO_LARGE);
        assertThat(e.getMessage()).contains("over the cap of 1024 bytes");
    }
}

package org.medmoe.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.FrameSelection;
import org.medmoe.dicom.web.BodyLimits;
import org.medmoe.dicom.web.DicomWebAuth;
import org.medmoe.dicom.web.DicomWebConfig;
import org.medmoe.dicom.web.DicomWebEndpoint;
import org.medmoe.dicom.web.TrustedEndpoints;
import org.medmoe.findings.ModelProvenance;
import org.medmoe.findings.StudyResult;
import org.medmoe.imaging.WindowPresets;
import org.medmoe.pipeline.PipelineLoader;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;
import org.medmoe.testing.dicom.DicomBytes;
import org.slf4j.LoggerFactory;

/**
 * Objects that carry a patient's name, ID, birth date, accession number and free text, and every
 * failure the analysis can reach with them (each dead-letter reason of the fetch and decode stages,
 * and the DICOMweb error paths: not found, rejected, server errors with retries, a redirect, an
 * oversized body, an untrusted locator that names the patient; the SR write-back of a study whose
 * metadata names the patient, refused by the PACS outright or in its STOW-RS answer): neither the message a dead letter
 * would carry nor any log line written meanwhile holds any of those values.
 */
class PhiInFailuresTest {
    private static final String NAME = "Quokkafield^Zebulon^Xaver";
    private static final String PATIENT_ID = "PID-7Q3-ZEBULON";
    private static final String BIRTH_DATE = "19470312";
    private static final String ACCESSION = "ACC-QX-99173";
    private static final String STUDY_DESCRIPTION = "Zebulon knee after fall at Wombatstrasse";
    private static final String COMMENTS = "call Mrs Quokkafield on 0799123456";
    private static final List<String> PHI = List.of(NAME, "Quokkafield", "Zebulon", PATIENT_ID, "7Q3", BIRTH_DATE,
            "1947", ACCESSION, "QX-99173", "Wombatstrasse", "0799123456");
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.77";
    private static final String SC = "1.2.840.10008.5.1.4.1.1.7";

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final List<AnalysisException> failures = new ArrayList<>();
    private HttpServer pacs;
    private final AtomicReference<Answer> answer = new AtomicReference<>();
    /** What the loopback PACS answers to a STOW-RS (POST). */
    private final AtomicReference<Answer> stowAnswer = new AtomicReference<>(new Answer(409, Map.of(), new byte[0]));

    /** What the loopback PACS answers next. */
    private record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    @BeforeEach
    void start() throws IOException {
        logs.start();
        root.addAppender(logs);
        pacs = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pacs.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Answer a = exchange.getRequestMethod().equals("POST") ? stowAnswer.get() : answer.get();
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            if (a.body().length > 0) {
                exchange.getResponseBody().write(a.body());
            }
            exchange.close();
        });
        pacs.start();
    }

    @AfterEach
    void stop() {
        pacs.stop(0);
        root.detachAppender(logs);
    }

    /** A secondary-capture image whose header carries every identifier above. */
    private static DicomBytes withPhi(String photometric) {
        return new DicomBytes()
                .string(0x0008, 0x0016, "UI", SC)
                .string(0x0008, 0x0018, "UI", STUDY + ".1.1")
                .string(0x0008, 0x0050, "SH", ACCESSION)
                .string(0x0008, 0x0060, "CS", "OT")
                .string(0x0008, 0x1030, "LO", STUDY_DESCRIPTION)
                .string(0x0010, 0x0010, "PN", NAME)
                .string(0x0010, 0x0020, "LO", PATIENT_ID)
                .string(0x0010, 0x0030, "DA", BIRTH_DATE)
                .string(0x0020, 0x000D, "UI", STUDY)
                .string(0x0020, 0x000E, "UI", STUDY + ".1")
                .string(0x0020, 0x4000, "LT", COMMENTS)
                .us(0x0028, 0x0002, 1)
                .string(0x0028, 0x0004, "CS", photometric)
                .us(0x0028, 0x0010, 64)
                .us(0x0028, 0x0011, 64)
                .us(0x0028, 0x0100, 16)
                .us(0x0028, 0x0101, 16)
                .us(0x0028, 0x0102, 15)
                .us(0x0028, 0x0103, 0);
    }

    private static byte[] truncatedPixels() {
        return withPhi("MONOCHROME2").lyingElement(0x7FE0, 0x0010, "OW", 64 * 64 * 2, 100)
                .file(SC, STUDY + ".1.1", "1.2.840.10008.1.2.1");
    }

    private static byte[] unsupportedSyntax() {
        return withPhi("MONOCHROME2").element(0x7FE0, 0x0010, "OW", new byte[64 * 64 * 2])
                .file(SC, STUDY + ".1.1", "1.2.840.10008.1.2.4.100");
    }

    private StudyEvent event(LocatorKind kind, String uri) {
        return StudyEvent.newBuilder().setStudyInstanceUid(STUDY).setRevision(1).setAccessionNumber(ACCESSION)
                .setModalities(List.of("OT")).setSeriesCount(1).setInstanceCount(1).setStudyDate(BIRTH_DATE)
                .setLocator(new StudyLocator(kind, uri, null)).setSource("test")
                .setEventTime(Instant.parse("2026-11-25T10:00:00Z")).build();
    }

    private String root() {
        return "http://127.0.0.1:" + pacs.getAddress().getPort() + "/dicom-web";
    }

    private AnalysisException fails(ReasonCode reason, ThrowingCall call) {
        AnalysisException e = catchThrowableOfType(call::run, AnalysisException.class);
        assertThat(e).as("a failure with %s", reason).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        failures.add(e);
        return e;
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void noDeadLetterMessageOrLogLineCarriesTheIdentifiersOfTheStudy() throws Exception {
        FramePreparer preparer = new FramePreparer(new DicomImageReader(DecodeLimits.defaults()),
                WindowPresets.defaults(), null);
        TrustedEndpoints trusted = new TrustedEndpoints(List.of(new DicomWebEndpoint("pacs",
                DicomWebConfig.of(URI.create(root())).withAuth(new DicomWebAuth.Bearer("t"))
                        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), 2, Duration.ofMillis(5))
                        .withLimits(new BodyLimits(4096, 4096)))));
        DicomWebImageSource web = new DicomWebImageSource(trusted);
        StudyEvent onPacs = event(LocatorKind.DICOMWEB, root());
        ImageRef ref = new ImageRef(STUDY + ".1", STUDY + ".1.1", "OT", null);
        byte[] phiJson = ("[{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"" + NAME + "\"}]}}]")
                .getBytes(StandardCharsets.UTF_8);

        // decode: corrupt and unsupported objects that carry the identifiers
        fails(ReasonCode.DICOM_CORRUPT, () -> preparer.decode(truncatedPixels(), FrameSelection.first()));
        fails(ReasonCode.DICOM_UNSUPPORTED, () -> preparer.decode(unsupportedSyntax(), FrameSelection.first()));
        // fetch over DICOMweb: not found, rejected, server errors after a retry, redirect, too large
        answer.set(new Answer(404, Map.of(), new byte[0]));
        fails(ReasonCode.PACS_NOT_FOUND, () -> web.read(onPacs, ref));
        answer.set(new Answer(403, Map.of(), new byte[0]));
        fails(ReasonCode.PACS_UNREACHABLE, () -> web.list(onPacs));
        answer.set(new Answer(503, Map.of(), new byte[0]));
        fails(ReasonCode.PACS_UNREACHABLE, () -> web.list(onPacs));
        answer.set(new Answer(302, Map.of("Location", root() + "/studies?PatientName="
                + URLEncoder.encode(NAME, StandardCharsets.UTF_8) + "&PatientID=" + PATIENT_ID), new byte[0]));
        fails(ReasonCode.UNTRUSTED_LOCATOR, () -> web.list(onPacs));
        byte[] bigJson = (new String(phiJson, StandardCharsets.UTF_8) + " ".repeat(8192)).getBytes(StandardCharsets.UTF_8);
        answer.set(new Answer(200, Map.of("Content-Type", "application/dicom+json"), bigJson));
        fails(ReasonCode.INPUT_TOO_LARGE, () -> web.list(onPacs));
        // a locator that names the patient, on a host that is no endpoint, and under the PACS with a query
        fails(ReasonCode.UNTRUSTED_LOCATOR, () -> web.list(event(LocatorKind.DICOMWEB,
                "http://quokkafield-zebulon.example/dicom-web/" + PATIENT_ID)));
        fails(ReasonCode.UNTRUSTED_LOCATOR, () -> web.list(event(LocatorKind.DICOMWEB,
                root() + "?PatientID=" + PATIENT_ID + "&birth=" + BIRTH_DATE)));
        // SR write-back: the metadata (which the SR repeats) names the patient; the PACS refuses the SR
        DicomWebSrWriteBack writeBack = new DicomWebSrWriteBack(PipelineLoader.load(Path.of(
                System.getProperty("medmoe.project.dir", ".")).resolve("topology/pipeline.yaml")), trusted);
        StudyResult findings = new StudyResult(STUDY, 1, null, ACCESSION, List.of("OT"), null, Instant.EPOCH,
                List.of(), List.of(), List.of(), Map.of(), new ModelProvenance("m", "1", "phi2", Map.of(), "CPU",
                "core", "1.0", "t"), Map.of(), Instant.EPOCH);
        byte[] metadata = ("[{\"00080016\":{\"vr\":\"UI\",\"Value\":[\"" + SC + "\"]},"
                + "\"00080018\":{\"vr\":\"UI\",\"Value\":[\"" + STUDY + ".1.1\"]},"
                + "\"00080050\":{\"vr\":\"SH\",\"Value\":[\"" + ACCESSION + "\"]},"
                + "\"00081030\":{\"vr\":\"LO\",\"Value\":[\"" + STUDY_DESCRIPTION + "\"]},"
                + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"" + NAME + "\"}]},"
                + "\"00100020\":{\"vr\":\"LO\",\"Value\":[\"" + PATIENT_ID + "\"]},"
                + "\"00100030\":{\"vr\":\"DA\",\"Value\":[\"" + BIRTH_DATE + "\"]},"
                + "\"0020000D\":{\"vr\":\"UI\",\"Value\":[\"" + STUDY + "\"]},"
                + "\"0020000E\":{\"vr\":\"UI\",\"Value\":[\"" + STUDY + ".1\"]}}]").getBytes(StandardCharsets.UTF_8);
        answer.set(new Answer(200, Map.of("Content-Type", "application/dicom+json"), metadata));
        assertThat(fails(ReasonCode.PACS_UNREACHABLE, () -> writeBack.store(onPacs, findings)).getMessage())
                .as("the SR was built and refused").startsWith("POST ").contains("HTTP 409");
        stowAnswer.set(new Answer(200, Map.of("Content-Type", "application/dicom+json"), ("{\"00081198\":{\"vr\":"
                + "\"SQ\",\"Value\":[{\"00081197\":{\"vr\":\"US\",\"Value\":[272]}}]}}")
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(fails(ReasonCode.PACS_UNREACHABLE, () -> writeBack.store(onPacs, findings)).getMessage())
                .contains("did not store the SR");
        // file: an object over the cap
        Path folder = Files.createDirectories(dir.resolve("study"));
        Files.write(folder.resolve("1.dcm"), truncatedPixels());
        FolderImageSource files = new FolderImageSource(new DicomImageReader(DecodeLimits.defaults()), List.of(dir), 64);
        fails(ReasonCode.INPUT_TOO_LARGE, () -> files.read(event(LocatorKind.FILE, folder.toUri().toString()),
                new ImageRef(STUDY + ".1", STUDY + ".1.1", "OT", folder.resolve("1.dcm").toString())));

        List<String> lines = logs.list.stream().map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertThat(lines).as("the retry was logged").anyMatch(l -> l.contains("retrying"));
        for (AnalysisException e : failures) {
            for (String phi : PHI) {
                assertThat(e.getMessage().toLowerCase()).as("%s message: %s", e.reason(), e.getMessage())
                        .doesNotContain(phi.toLowerCase());
            }
        }
        for (String phi : PHI) {
            assertThat(lines).as("log lines with " + phi).noneMatch(l -> l.toLowerCase().contains(phi.toLowerCase()));
        }
    }
}

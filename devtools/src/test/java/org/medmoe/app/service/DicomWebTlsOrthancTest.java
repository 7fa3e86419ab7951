package org.medmoe.app.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.app.config.Config;
import org.medmoe.app.config.ConfigLoader;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.StudyRef;
import org.medmoe.dicom.web.DicomJson;
import org.medmoe.dicom.web.DicomWebRejectedException;
import org.medmoe.dicom.web.DicomWebUnreachableException;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.devtools.embedded.EmbeddedOrthanc;
import org.medmoe.testing.tls.TestCertificates;
import org.medmoe.testing.tls.TlsTerminator;

/**
 * A trusted endpoint over https with its own truststore and HTTP basic authentication, against a
 * real Orthanc that requires a registered user, behind a TLS terminator with a certificate from a CA
 * the test makes (Debian's Orthanc 1.10 with OpenSSL 3 drops connections with its own SslEnabled);
 * the endpoint is built from configuration keys alone.
 */
class DicomWebTlsOrthancTest {
    private static final String USER = "medmoe";
    private static final String PASSWORD = "orthanc-pass-9";

    @TempDir
    static Path dir;

    private static TestCertificates certificates;
    private static EmbeddedOrthanc orthanc;
    private static TlsTerminator tls;
    private static String study;

    @BeforeAll
    static void startSecureOrthanc() throws Exception {
        certificates = TestCertificates.create(dir);
        orthanc = EmbeddedOrthanc.start(new EmbeddedOrthanc.Security(USER, PASSWORD));
        tls = TlsTerminator.start(certificates, orthanc.restUrl().getPort());
        byte[] ct = Files.readAllBytes(DebianSamples.pydicom("CT_small.dcm"));
        orthanc.upload(ct);
        study = new DicomImageReader(DecodeLimits.defaults()).readHeader(ct).studyInstanceUid();
    }

    @AfterAll
    static void stop() throws Exception {
        tls.close();
        orthanc.close();
    }

    /** The DICOMweb root through the terminator. */
    private static String https() {
        return "https://127.0.0.1:" + tls.port() + "/dicom-web";
    }

    private static Config config(Map<String, String> endpoint, Map<String, String> environment) {
        java.util.HashMap<String, String> s = new java.util.HashMap<>(Map.of("dicomweb.endpoints", "pacs",
                "dicomweb.endpoint.pacs.url", https(), "dicomweb.attempts", "1"));
        s.putAll(endpoint);
        return ConfigLoader.builder().environment(environment).overrides(s).load();
    }

    private static Map<String, String> secrets(String password) {
        return Map.of("MEDMOE_DICOMWEB_ENDPOINT_PACS_AUTH_PASSWORD", password,
                "MEDMOE_DICOMWEB_ENDPOINT_PACS_SSL_TRUSTSTORE_PASSWORD", certificates.truststorePassword());
    }

    private static final Map<String, String> BASIC_OVER_TLS = Map.of(
            "dicomweb.endpoint.pacs.auth.kind", "basic", "dicomweb.endpoint.pacs.auth.username", USER,
            "dicomweb.endpoint.pacs.ssl.truststore.location", "");

    private static Map<String, String> withTruststore() {
        return Map.of("dicomweb.endpoint.pacs.auth.kind", "basic", "dicomweb.endpoint.pacs.auth.username", USER,
                "dicomweb.endpoint.pacs.ssl.truststore.location", certificates.truststore().toString());
    }

    @Test
    void shouldFindTheStudyOverHttpsWithTheEndpointsTruststoreAndCredentials() throws Exception {
        Config config = config(withTruststore(), secrets(PASSWORD));

        List<DicomJson> studies = DicomWebWiring.endpoints(config).client(https())
                .searchStudies(Map.of("StudyInstanceUID", study));

        assertThat(studies).singleElement().extracting(j -> j.string(DicomJson.STUDY_UID)).isEqualTo(study);
    }

    @Test
    void shouldRefuseTheServerWithoutTheTruststoreAndFailWithAWrongPassword() {
        Config untrusting = config(BASIC_OVER_TLS, secrets(PASSWORD));
        assertThatThrownBy(() -> DicomWebWiring.endpoints(untrusting).client(https())
                .retrieveMetadata(new StudyRef(study)))
                .isInstanceOf(DicomWebUnreachableException.class).hasMessageNotContaining(PASSWORD);

        Config wrong = config(withTruststore(), secrets("not-the-password"));
        assertThatThrownBy(() -> DicomWebWiring.endpoints(wrong).client(https())
                .retrieveMetadata(new StudyRef(study)))
                .isInstanceOf(DicomWebRejectedException.class).hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("not-the-password");
    }
}

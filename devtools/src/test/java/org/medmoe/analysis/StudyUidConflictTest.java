package org.medmoe.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.web.DicomWebConfig;
import org.medmoe.dicom.web.DicomWebEndpoint;
import org.medmoe.dicom.web.TrustedEndpoints;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.testing.pacs.FreshStudies;
import org.medmoe.devtools.embedded.EmbeddedOrthanc;

/**
 * One StudyInstanceUID shared by two patients: Orthanc keeps two studies (it files by patient and
 * study), and a listing by study UID returns the series of both. Both image sources hold such a
 * study back with {@code STUDY_UID_CONFLICT} instead of analysing it as one; the message names no patient.
 */
class StudyUidConflictTest {

    @TempDir
    Path folder;

    private static String freshUid() {
        return "2.25." + new BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
    }

    private static byte[] copy(String file, String study, String patientId) throws Exception {
        return FreshStudies.copy(DebianSamples.pydicom(file), Map.of("StudyInstanceUID", study, "PatientID", patientId));
    }

    private static StudyEvent event(String study, LocatorKind kind, String uri) {
        return StudyEvent.newBuilder().setStudyInstanceUid(study).setRevision(1).setModalities(List.of("CT"))
                .setSeriesCount(1).setInstanceCount(1)
                .setLocator(StudyLocator.newBuilder().setKind(kind).setUri(uri).build())
                .setSource("test").setEventTime(Instant.parse("2026-12-05T08:00:00Z")).build();
    }

    @Test
    void shouldHoldBackAnOrthancStudyUidSharedByTwoPatients() throws Exception {
        // Given two studies in Orthanc with the same StudyInstanceUID and different PatientID
        EmbeddedOrthanc orthanc = EmbeddedOrthanc.shared();
        String shared = freshUid();
        String first = orthanc.upload(copy("CT_small.dcm", shared, "LEGACY-PAT-A")).path("ParentStudy").asText();
        String second = orthanc.upload(copy("CT_small.dcm", shared, "LEGACY-PAT-B")).path("ParentStudy").asText();
        assertThat(first).as("Orthanc keeps two studies").isNotEqualTo(second);
        DicomWebImageSource source = new DicomWebImageSource(new TrustedEndpoints(List.of(
                new DicomWebEndpoint("orthanc", DicomWebConfig.of(orthanc.dicomWebUrl())))));

        // When the analysis lists it, then it is held back with its own reason, naming no patient
        assertThatThrownBy(() -> source.list(event(shared, LocatorKind.DICOMWEB, orthanc.dicomWebUrl().toString())))
                .isInstanceOfSatisfying(AnalysisException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ReasonCode.STUDY_UID_CONFLICT);
                    assertThat(e.stage()).isEqualTo("plan");
                    assertThat(e.getMessage()).contains(shared).contains("2 patients")
                            .doesNotContain("LEGACY-PAT-A").doesNotContain("LEGACY-PAT-B");
                });

        // And a study of one patient with two series is listed as before
        String alone = freshUid();
        orthanc.upload(copy("CT_small.dcm", alone, "LEGACY-PAT-C"));
        orthanc.upload(copy("CT_small.dcm", alone, "LEGACY-PAT-C"));
        assertThat(source.list(event(alone, LocatorKind.DICOMWEB, orthanc.dicomWebUrl().toString()))).hasSize(2);
    }

    @Test
    void shouldHoldBackAFolderStudyUidSharedByTwoPatients() throws Exception {
        String shared = freshUid();
        Files.write(folder.resolve("a.dcm"), copy("CT_small.dcm", shared, "LEGACY-PAT-A"));
        Files.write(folder.resolve("b.dcm"), copy("MR_small.dcm", shared, "LEGACY-PAT-B"));
        FolderImageSource source = new FolderImageSource(new DicomImageReader(DecodeLimits.defaults()), List.of(folder),
                1 << 20);

        assertThatThrownBy(() -> source.list(event(shared, LocatorKind.FILE, folder.toUri().toString())))
                .isInstanceOfSatisfying(AnalysisException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ReasonCode.STUDY_UID_CONFLICT);
                    assertThat(e.getMessage()).doesNotContain("LEGACY-PAT");
                });

        Files.write(folder.resolve("b.dcm"), copy("MR_small.dcm", shared, "LEGACY-PAT-A"));
        assertThat(source.list(event(shared, LocatorKind.FILE, folder.toUri().toString()))).hasSize(2);
    }
}

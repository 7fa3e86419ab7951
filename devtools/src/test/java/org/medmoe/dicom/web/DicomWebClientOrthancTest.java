package org.medmoe.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomHeader;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.InstanceRef;
import org.medmoe.dicom.StudyRef;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.devtools.embedded.EmbeddedOrthanc;

/** The DICOMweb client against a real Orthanc with its DICOMweb plugin. */
class DicomWebClientOrthancTest {

    static EmbeddedOrthanc orthanc;
    static DicomWebClient client;
    static final DicomImageReader READER = new DicomImageReader(DecodeLimits.defaults());

    @BeforeAll
    static void startOrthanc() {
        orthanc = EmbeddedOrthanc.shared();
        client = new DicomWebClient(DicomWebConfig.of(orthanc.dicomWebUrl()));
    }

    private static DicomHeader upload(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(DebianSamples.pydicom(name));
        orthanc.upload(bytes);
        return READER.readHeader(bytes);
    }

    private static InstanceRef ref(DicomHeader h) {
        return new StudyRef(h.studyInstanceUid()).series(h.seriesInstanceUid()).instance(h.sopInstanceUid());
    }

    @Test
    void shouldFindUploadedStudySeriesAndInstanceWithQido() throws Exception {
        DicomHeader ct = upload("CT_small.dcm");
        StudyRef study = new StudyRef(ct.studyInstanceUid());

        List<DicomJson> studies = client.searchStudies(Map.of("StudyInstanceUID", ct.studyInstanceUid()));
        List<DicomJson> series = client.searchSeries(study, Map.of());
        List<DicomJson> instances = client.searchInstances(study.series(ct.seriesInstanceUid()), Map.of());

        assertThat(studies).hasSize(1);
        assertThat(studies.get(0).string(DicomJson.STUDY_UID)).isEqualTo(ct.studyInstanceUid());
        assertThat(series).extracting(s -> s.string(DicomJson.MODALITY)).containsExactly("CT");
        assertThat(instances).extracting(i -> i.string(DicomJson.SOP_INSTANCE_UID)).containsExactly(ct.sopInstanceUid());
    }

    @Test
    void shouldRetrieveRealFilesByteIdenticalWithWado() throws Exception {
        for (String name : List.of("CT_small.dcm", "JPEG2000.dcm", "SC_rgb_rle.dcm", "MR_small_bigendian.dcm")) {
            Path file = DebianSamples.pydicom(name);
            DicomHeader h = upload(name);

            byte[] retrieved = client.retrieveInstance(ref(h));

            assertThat(retrieved).as(name).isEqualTo(Files.readAllBytes(file));
        }
    }

    @Test
    void shouldStreamEveryInstanceOfAStudyAndItsMetadata() throws Exception {
        DicomHeader h = upload("MR_small.dcm");
        StudyRef study = new StudyRef(h.studyInstanceUid());
        List<String> sops = new ArrayList<>();

        List<byte[]> files = new ArrayList<>();
        int parts = client.retrieveStudy(study, in -> files.add(in.readAllBytes()));
        for (byte[] f : files) {
            sops.add(READER.readHeader(f).sopInstanceUid());
        }
        List<DicomJson> metadata = client.retrieveMetadata(study);

        assertThat(parts).isEqualTo(sops.size()).isGreaterThanOrEqualTo(1);
        assertThat(sops).contains(h.sopInstanceUid());
        assertThat(metadata).extracting(m -> m.string(DicomJson.SOP_INSTANCE_UID)).contains(h.sopInstanceUid());
    }

    @Test
    void shouldStoreWithStowAndFindItAfterwards() throws Exception {
        byte[] bytes = Files.readAllBytes(DebianSamples.pydicom("693_J2KI.dcm"));
        DicomHeader h = READER.readHeader(bytes);

        DicomJson response = client.store(new StudyRef(h.studyInstanceUid()), List.of(bytes));

        assertThat(response.node().toString()).contains(h.sopInstanceUid());
        assertThat(client.retrieveInstance(ref(h))).isEqualTo(bytes);
    }

    @Test
    void shouldReportAnUnknownStudyAsNotFound() {
        assertThatThrownBy(() -> client.retrieveMetadata(new StudyRef("1.2.3.4.5.999")))
                .isInstanceOf(DicomWebNotFoundException.class)
                .hasMessageContaining("GET " + orthanc.dicomWebUrl() + "/studies/1.2.3.4.5.999/metadata")
                .hasMessageContaining("404");
    }
}

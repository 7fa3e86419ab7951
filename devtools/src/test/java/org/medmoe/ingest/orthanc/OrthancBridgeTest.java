package org.medmoe.ingest.orthanc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medmoe.ingest.orthanc.BridgeFixtures.awaitStable;
import static org.medmoe.ingest.orthanc.BridgeFixtures.countByStudy;
import static org.medmoe.ingest.orthanc.BridgeFixtures.drain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomHeader;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.StudyRef;
import org.medmoe.dicom.sr.SrContent;
import org.medmoe.dicom.sr.StructuredReportWriter;
import org.medmoe.dicom.sr.SrSources;
import org.medmoe.dicom.web.DicomWebClient;
import org.medmoe.dicom.web.DicomWebConfig;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.StudyEvent;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.testing.pacs.FreshStudies;
import org.medmoe.devtools.embedded.EmbeddedOrthanc;

/** The bridge core against a real Orthanc, with its output kept in memory. */
class OrthancBridgeTest {

    /** The run's shared PACS: the tests upload fresh copies (new UIDs), so earlier uploads do not matter. */
    private final EmbeddedOrthanc orthanc = EmbeddedOrthanc.shared();

    private final java.util.Map<String, byte[]> copies = new java.util.HashMap<>();

    /** Uploads a copy of a real file as a new study; returns Orthanc's study id. */
    private String upload(String file) throws Exception {
        byte[] copy = FreshStudies.copy(DebianSamples.pydicom(file));
        copies.put(file, copy);
        JsonNode answer = orthanc.upload(copy);
        return answer.path("ParentStudy").asText();
    }

    private DicomHeader header(String file) throws Exception {
        return new DicomImageReader(DecodeLimits.defaults()).readHeader(copies.get(file));
    }

    @Test
    void shouldAnnounceEachStableStudyOnceEvenWhenACommitFails() throws Exception {
        long before = BridgeFixtures.lastSeq(orthanc);
        String ct = upload("693_J2KI.dcm");
        String nm = upload("JPEG2000.dcm");
        awaitStable(orthanc, List.of(ct, nm), before);
        MemorySink sink = new MemorySink();
        sink.failNextCommit = true;

        OrthancBridge crashing = new OrthancBridge(BridgeFixtures.rest(orthanc), sink,
                BridgeFixtures.config(orthanc, "orthanc:test-a"), Clock.systemUTC());
        assertThatThrownBy(crashing::pollOnce).isInstanceOf(BridgeException.class);
        OrthancBridge restarted = new OrthancBridge(BridgeFixtures.rest(orthanc), sink,
                BridgeFixtures.config(orthanc, "orthanc:test-a"), Clock.systemUTC());
        drain(restarted);
        drain(restarted);

        DicomHeader ctHeader = header("693_J2KI.dcm");
        assertThat(countByStudy(sink.events)).containsEntry(ctHeader.studyInstanceUid(), 1L)
                .containsEntry(header("JPEG2000.dcm").studyInstanceUid(), 1L).allSatisfy((k, v) -> assertThat(v).isOne());
        StudyEvent event = sink.events.stream().filter(e -> e.getStudyInstanceUid().equals(ctHeader.studyInstanceUid()))
                .findFirst().orElseThrow();
        assertThat(event.getModalities()).containsExactly("CT");
        assertThat(event.getInstanceCount()).isEqualTo(1);
        assertThat(event.getLocator().getKind()).isEqualTo(LocatorKind.DICOMWEB);
        assertThat(event.getLocator().getUri()).isEqualTo(orthanc.dicomWebUrl().toString());
        assertThat(event.getRevision()).isGreaterThan(before);
        assertThat(restarted.position()).isEqualTo(BridgeFixtures.lastSeq(orthanc));
    }

    @Test
    void shouldNotAnnounceAStudyAgainWhenOnlyOurSrWasAdded() throws Exception {
        long before = BridgeFixtures.lastSeq(orthanc);
        String mr = upload("MR_small_padded.dcm");
        awaitStable(orthanc, List.of(mr), before);
        MemorySink sink = new MemorySink();
        OrthancBridge bridge = new OrthancBridge(BridgeFixtures.rest(orthanc), sink,
                BridgeFixtures.config(orthanc, "orthanc:test-b"), Clock.systemUTC());
        drain(bridge);
        DicomHeader h = header("MR_small_padded.dcm");
        int announced = sink.events.size();
        assertThat(countByStudy(sink.events)).containsEntry(h.studyInstanceUid(), 1L);

        long beforeSr = BridgeFixtures.lastSeq(orthanc);
        DicomWebClient client = new DicomWebClient(DicomWebConfig.of(orthanc.dicomWebUrl()));
        StudyRef study = new StudyRef(h.studyInstanceUid());
        client.store(study, List.of(StructuredReportWriter.write(srContent(h),
                SrSources.fromMetadata(client.retrieveMetadata(study), null))));
        awaitStable(orthanc, List.of(mr), beforeSr);
        drain(bridge);

        assertThat(sink.events).as("no event caused by our own SR").hasSize(announced);
    }

    @Test
    void shouldAnnounceAcrNemaStyleStudyDatesAndTimesInDicomForm() throws Exception {
        // Given a study whose files carry the old ACR-NEMA style, as Orthanc keeps and shows them
        long before = BridgeFixtures.lastSeq(orthanc);
        byte[] copy = FreshStudies.copy(DebianSamples.pydicom("CT_small.dcm"),
                java.util.Map.of("StudyDate", "1997.04.24", "StudyTime", "14:04:38"));
        String id = orthanc.upload(copy).path("ParentStudy").asText();
        assertThat(orthanc.get("/studies/" + id).path("MainDicomTags").path("StudyDate").asText()).isEqualTo("1997.04.24");
        awaitStable(orthanc, List.of(id), before);
        MemorySink sink = new MemorySink();

        // When the bridge announces it
        drain(new OrthancBridge(BridgeFixtures.rest(orthanc), sink, BridgeFixtures.config(orthanc, "orthanc:test-d"),
                Clock.systemUTC()));

        // Then the event carries DICOM's DA and TM forms, which intake accepts
        String uid = new DicomImageReader(DecodeLimits.defaults()).readHeader(copy).studyInstanceUid();
        StudyEvent event = sink.events.stream().filter(e -> e.getStudyInstanceUid().equals(uid)).findFirst().orElseThrow();
        assertThat(event.getStudyDate()).isEqualTo("19970424");
        assertThat(event.getStudyTime()).isEqualTo("140438");
    }

    /** What the service's SR of the study would say: pneumonia absent (probability 0.1). */
    private static SrContent srContent(DicomHeader h) {
        return new SrContent(h.studyInstanceUid(), 1, null, "med-moe-tiny", "0.1.0", "0.1.0", "mr", "1",
                "Machine-generated; not for diagnostic use without review.", List.of(new SrContent.Evaluation(
                        "233604007", "SCT", "Pneumonia", false, "no", 0.1, "MAX", 1, "q")));
    }
}

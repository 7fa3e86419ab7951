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
import org.medmoe.dicom.sr.StructuredReportWriter;
import org.medmoe.dicom.sr.SrSources;
import org.medmoe.dicom.web.DicomWebClient;
import org.medmoe.dicom.web.DicomWebConfig;
import org.medmoe.schema.CodedConcept;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.StudyEvent;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.testing.pacs.FreshStudies;
import org.medmoe.testing.pacs.OrthancServer;

/** The bridge core against a real Orthanc, with its output kept in memory. */
class OrthancBridgeTest {

    /** The run's shared PACS: the tests upload fresh copies (new UIDs), so earlier uploads do not matter. */
    private final OrthancServer orthanc = OrthancServer.shared();

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
        client.store(study, List.of(StructuredReportWriter.write(srFindings(h), srPromptSet(),
                SrSources.fromMetadata(client.retrieveMetadata(study), null))));
        awaitStable(orthanc, List.of(mr), beforeSr);
        drain(bridge);

        assertThat(sink.events).as("no event caused by our own SR").hasSize(announced);
    }

    private static org.medmoe.pipeline.Pipeline.PromptSet srPromptSet() {
        return new org.medmoe.pipeline.Pipeline.PromptSet("mr", "1", List.of("MR"), List.of(
                new org.medmoe.pipeline.Pipeline.Question("q", "Is there pneumonia?", org.medmoe.pipeline.Pipeline.Kind.CLOSED,
                        List.of("yes", "no"), "yes", new org.medmoe.pipeline.Pipeline.Code("233604007", "SCT", "Pneumonia"),
                        org.medmoe.pipeline.Pipeline.Aggregation.MAX, 16, 0.5)));
    }

    private static org.medmoe.schema.StudyFindings srFindings(DicomHeader h) {
        org.medmoe.schema.Provenance p = org.medmoe.schema.Provenance.newBuilder().setModelName("med-moe-tiny")
                .setModelVersion("0.1.0").setModelVariant("phi2").setExecutionProvider("CPU").setPromptSetId("mr")
                .setPromptSetVersion("1").setCodeVersion("0.1.0").setFileHashes(java.util.Map.of())
                .setIntendedUse("Machine-generated; not for diagnostic use without review.").build();
        return org.medmoe.schema.StudyFindings.newBuilder().setStudyInstanceUid(h.studyInstanceUid()).setRevision(1)
                .setSupersedesRevision(null).setAccessionNumber(null)
                .setStatus(org.medmoe.schema.Status.newBuilder().setCode(org.medmoe.schema.StatusCode.COMPLETE)
                        .setReasons(List.of()).build())
                .setImages(List.of()).setModalityScores(List.of()).setTimingsMillis(java.util.Map.of())
                .setFindings(List.of(org.medmoe.schema.StudyFinding.newBuilder().setQuestionId("q")
                        .setFinding(new CodedConcept("233604007", "SCT", "Pneumonia")).setAnswer("no")
                        .setProbability(0.1).setAggregation("MAX").setImageCount(1).build()))
                .setProvenance(p).setEventTime(java.time.Instant.EPOCH).setProducedAt(java.time.Instant.EPOCH).build();
    }
}

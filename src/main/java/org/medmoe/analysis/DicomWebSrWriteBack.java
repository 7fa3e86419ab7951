package org.medmoe.analysis;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.medmoe.dicom.StudyRef;
import org.medmoe.dicom.sr.SrException;
import org.medmoe.dicom.sr.SrSources;
import org.medmoe.dicom.sr.StructuredReportWriter;
import org.medmoe.dicom.web.DicomJson;
import org.medmoe.dicom.web.DicomWebClient;
import org.medmoe.dicom.web.DicomWebException;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.schema.ImageFinding;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyFindings;

/**
 * Write-back over DICOMweb: reads the study's metadata with WADO-RS (for the patient and study
 * attributes the SR must repeat, and the SOP classes of the images it references), builds the TID
 * 1500 Comprehensive SR with {@link StructuredReportWriter}, and stores it into the study with
 * STOW-RS. Studies with a {@code file:} locator are skipped. The SR's UIDs derive from the study,
 * revision and model, so storing the same revision again replaces the same instance rather than
 * adding one. One client per base URL, made by {@code clients} and reused; thread-safe.
 */
public final class DicomWebSrWriteBack implements SrWriteBack {
    /** STOW-RS response attribute listing the instances the server did not store (empty or absent: none). */
    static final String FAILED_SOP_SEQUENCE = "00081198";

    private final Pipeline pipeline;
    private final Function<URI, DicomWebClient> clients;
    private final Map<URI, DicomWebClient> byUrl = new ConcurrentHashMap<>();

    /** Write-back of findings made with {@code pipeline}'s prompt sets, through clients made by {@code clients}. */
    public DicomWebSrWriteBack(Pipeline pipeline, Function<URI, DicomWebClient> clients) {
        this.pipeline = pipeline;
        this.clients = clients;
    }

    private Pipeline.PromptSet promptSet(StudyFindings findings) throws AnalysisException {
        String id = findings.getProvenance().getPromptSetId();
        String version = findings.getProvenance().getPromptSetVersion();
        return pipeline.promptSets().stream().filter(p -> p.produced(id, version))
                .findFirst().orElseThrow(() -> new AnalysisException(STAGE, ReasonCode.INTERNAL, "the findings of study "
                        + findings.getStudyInstanceUid() + " come from prompt set " + id + " " + version
                        + ", which the pipeline does not have", null));
    }

    @Override
    public Optional<String> store(StudyEvent event, StudyFindings findings) throws AnalysisException {
        if (event.getLocator().getKind() != LocatorKind.DICOMWEB) {
            return Optional.empty();
        }
        DicomWebClient client = byUrl.computeIfAbsent(URI.create(event.getLocator().getUri()), clients);
        StudyRef study = new StudyRef(findings.getStudyInstanceUid());
        List<String> referenced = findings.getImages().stream().map(ImageFinding::getSopInstanceUid).distinct().toList();
        try {
            List<DicomJson> metadata = client.retrieveMetadata(study);
            byte[] sr = StructuredReportWriter.write(findings, promptSet(findings), SrSources.fromMetadata(metadata, referenced));
            DicomJson response = client.store(study, List.of(sr));
            // Orthanc sends the attribute empty when all went well: only items mean a failure.
            if (!response.node().path(FAILED_SOP_SEQUENCE).path("Value").isEmpty()) {
                throw new AnalysisException(STAGE, ReasonCode.PACS_UNREACHABLE, "the PACS did not store the SR of study "
                        + study.studyInstanceUid() + " revision " + findings.getRevision() + ": "
                        + response.node().get(FAILED_SOP_SEQUENCE), null);
            }
            return Optional.of(StructuredReportWriter.sopInstanceUid(findings));
        } catch (DicomWebException e) {
            throw DicomWebImageSource.failure(STAGE, e);
        } catch (SrException | IllegalArgumentException e) {
            throw new AnalysisException(STAGE, ReasonCode.INTERNAL, e.getMessage(), e);
        }
    }
}

package org.medmoe.analysis;

import java.util.List;
import java.util.Optional;
import org.medmoe.dicom.StudyRef;
import org.medmoe.dicom.sr.SrContent;
import org.medmoe.dicom.sr.SrException;
import org.medmoe.dicom.sr.SrSources;
import org.medmoe.dicom.sr.StructuredReportWriter;
import org.medmoe.dicom.web.DicomJson;
import org.medmoe.dicom.web.DicomWebClient;
import org.medmoe.dicom.web.DicomWebException;
import org.medmoe.dicom.web.TrustedEndpoints;
import org.medmoe.findings.ImageResult;
import org.medmoe.findings.StudyResult;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;

/**
 * Write-back over DICOMweb: reads the study's metadata with WADO-RS (for the patient and study
 * attributes the SR must repeat, and the SOP classes of the images it references), builds the TID
 * 1500 Comprehensive SR with {@link StructuredReportWriter}, and stores it into the study with
 * STOW-RS. Studies with a {@code file:} locator are skipped. The SR's UIDs derive from the study,
 * revision and model, so storing the same revision again replaces the same instance rather than
 * adding one. The SR goes to the locator the study was read from, with the credentials of the trusted
 * endpoint it lies under, and nowhere else (a locator under none is {@code UNTRUSTED_LOCATOR}, with no
 * request made); thread-safe.
 */
public final class DicomWebSrWriteBack implements SrWriteBack {
    /** STOW-RS response attribute listing the instances the server did not store (empty or absent: none). */
    static final String FAILED_SOP_SEQUENCE = "00081198";

    private final Pipeline pipeline;
    private final TrustedEndpoints endpoints;

    /** Write-back of findings made with {@code pipeline}'s prompt sets, to the services among {@code endpoints}. */
    public DicomWebSrWriteBack(Pipeline pipeline, TrustedEndpoints endpoints) {
        this.pipeline = pipeline;
        this.endpoints = endpoints;
    }

    private Pipeline.PromptSet promptSet(StudyResult findings) throws AnalysisException {
        String id = findings.provenance().promptSetId();
        String version = findings.provenance().promptSetVersion();
        return pipeline.promptSets().stream().filter(p -> p.produced(id, version))
                .findFirst().orElseThrow(() -> new AnalysisException(STAGE, ReasonCode.INTERNAL, "the findings of study "
                        + findings.studyInstanceUid() + " come from prompt set " + id + " " + version
                        + ", which the pipeline does not have", null));
    }

    @Override
    public Optional<String> store(StudyEvent event, StudyResult findings) throws AnalysisException {
        if (event.getLocator().getKind() != LocatorKind.DICOMWEB) {
            return Optional.empty();
        }
        StudyRef study = new StudyRef(findings.studyInstanceUid());
        List<String> referenced = findings.images().stream().map(ImageResult::sopInstanceUid).distinct().toList();
        try {
            DicomWebClient client = endpoints.client(event.getLocator().getUri());
            List<DicomJson> metadata = client.retrieveMetadata(study);
            SrContent content = SrContents.of(findings, promptSet(findings));
            byte[] sr = StructuredReportWriter.write(content, SrSources.fromMetadata(metadata, referenced));
            DicomJson response = client.store(study, List.of(sr));
            // Orthanc sends the attribute empty when all went well: only items mean a failure.
            if (!response.node().path(FAILED_SOP_SEQUENCE).path("Value").isEmpty()) {
                throw new AnalysisException(STAGE, ReasonCode.PACS_UNREACHABLE, "the PACS did not store the SR of study "
                        + study.studyInstanceUid() + " revision " + findings.revision() + ": "
                        + response.node().get(FAILED_SOP_SEQUENCE), null);
            }
            return Optional.of(StructuredReportWriter.sopInstanceUid(content));
        } catch (DicomWebException e) {
            throw DicomWebImageSource.failure(STAGE, e);
        } catch (SrException | IllegalArgumentException e) {
            throw new AnalysisException(STAGE, ReasonCode.INTERNAL, e.getMessage(), e);
        }
    }
}

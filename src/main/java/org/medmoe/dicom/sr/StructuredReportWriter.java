package org.medmoe.dicom.sr;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.schema.CodedConcept;
import org.medmoe.schema.Provenance;
import org.medmoe.schema.StudyFinding;
import org.medmoe.schema.StudyFindings;

/**
 * Writes a study's findings as a DICOM Comprehensive SR following TID 1500 (Measurement
 * Report): language, the model as device observer (name, version, manufacturer), procedure
 * reported, an image library of the source images, and a "Qualitative Evaluations" container with
 * one CODE item per coded finding and the machine-generated statement. Present or absent is the
 * prompt set's decision: the question's {@code presentAt} threshold on the finding's probability
 * (or, without a probability, whether the answer is the question's positive one), the same rule
 * that chose the study's answer; the probability and aggregation follow as text. Stateless and
 * thread-safe.
 */
public final class StructuredReportWriter {

    /** Manufacturer written into every SR, used to recognise our own series. */
    public static final String MANUFACTURER = "MedMoE Stream";
    /** Series description of our SR series. */
    public static final String SERIES_DESCRIPTION = "MedMoE Stream machine-generated findings";
    /** Series number of our SR series. */
    public static final int SERIES_NUMBER = 9900;

    private static final String COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT);

    private StructuredReportWriter() {
    }

    /** SOP Instance UID of the SR for these findings (a function of study, revision and model version). */
    public static String sopInstanceUid(StudyFindings findings) {
        return DerivedUids.of("medmoe-sr", findings.getStudyInstanceUid(), Long.toString(findings.getRevision()),
                findings.getProvenance().getModelName(), findings.getProvenance().getModelVersion());
    }

    /**
     * Builds the SR as Part-10 bytes (explicit VR little endian).
     *
     * @param findings the study's findings
     * @param promptSet the prompt set the findings were produced with (the one their provenance names)
     * @param source patient and study attributes, and the source images
     * @throws SrException when the prompt set is not the findings' one, a coded finding's question is
     *         not in it, or the toolkit fails
     */
    public static byte[] write(StudyFindings findings, Pipeline.PromptSet promptSet, SrSource source)
            throws SrException {
        Provenance p = findings.getProvenance();
        if (!promptSet.produced(p.getPromptSetId(), p.getPromptSetVersion())) {
            throw new SrException("findings of study " + findings.getStudyInstanceUid() + " come from prompt set "
                    + p.getPromptSetId() + " " + p.getPromptSetVersion() + ", not " + promptSet.id() + " "
                    + promptSet.version(), null);
        }
        try {
            AttributeList list = new StructuredReport(content(findings, promptSet, source)).getAttributeList();
            modules(list, findings, source);
            FileMetaInformation.addFileMetaInformation(list, EXPLICIT_LE, "MEDMOE");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            list.write(out, EXPLICIT_LE, true, true);
            return out.toByteArray();
        } catch (DicomException | IOException | RuntimeException e) {
            throw new SrException("cannot write the SR of study " + findings.getStudyInstanceUid() + " revision "
                    + findings.getRevision() + ": " + e.getMessage(), e);
        }
    }

    private static ContentItem content(StudyFindings findings, Pipeline.PromptSet promptSet, SrSource source)
            throws DicomException, SrException {
        ContentItemFactory f = new ContentItemFactory();
        Provenance p = findings.getProvenance();
        ContentItem root = f.makeContainerContentItem(null, null, Codes.MEASUREMENT_REPORT.item(), true, "DCMR", "1500");
        f.makeCodeContentItem(root, "HAS CONCEPT MOD", Codes.LANGUAGE.item(), Codes.ENGLISH_US.item());
        f.makeCodeContentItem(root, "HAS OBS CONTEXT", Codes.OBSERVER_TYPE.item(), Codes.DEVICE.item());
        f.makeUIDContentItem(root, "HAS OBS CONTEXT", Codes.DEVICE_OBSERVER_UID.item(),
                DerivedUids.of("medmoe-device", p.getModelName(), p.getModelVersion()));
        f.makeTextContentItem(root, "HAS OBS CONTEXT", Codes.DEVICE_OBSERVER_NAME.item(), p.getModelName());
        f.makeTextContentItem(root, "HAS OBS CONTEXT", Codes.DEVICE_OBSERVER_MANUFACTURER.item(), MANUFACTURER);
        f.makeTextContentItem(root, "HAS OBS CONTEXT", Codes.DEVICE_OBSERVER_MODEL_NAME.item(),
                p.getModelName() + " " + p.getModelVersion());
        f.makeCodeContentItem(root, "HAS CONCEPT MOD", Codes.PROCEDURE_REPORTED.item(), Codes.IMAGING_PROCEDURE.item());
        ContentItem library = f.makeContainerContentItem(root, "CONTAINS", Codes.IMAGE_LIBRARY.item(), true);
        ContentItem group = f.makeContainerContentItem(library, "CONTAINS", Codes.IMAGE_LIBRARY_GROUP.item(), true);
        for (SrSource.SourceImage image : source.images()) {
            f.makeImageContentItem(group, "CONTAINS", null, image.sopClassUid(), image.sopInstanceUid(), 0, 0,
                    null, null, null, null);
        }
        ContentItem evaluations = f.makeContainerContentItem(root, "CONTAINS", Codes.QUALITATIVE_EVALUATIONS.item(), true);
        for (StudyFinding finding : findings.getFindings()) {
            CodedConcept code = finding.getFinding();
            if (code == null) {
                continue;
            }
            CodedSequenceItem concept = new CodedSequenceItem(code.getCodeValue(), code.getCodingScheme(),
                    code.getCodeMeaning());
            Double probability = finding.getProbability();
            boolean present = present(finding, promptSet);
            f.makeCodeContentItem(evaluations, "CONTAINS", concept,
                    (present ? Codes.PRESENT : Codes.ABSENT).item());
            f.makeTextContentItem(evaluations, "CONTAINS", Codes.COMMENT.item(), String.format(Locale.ROOT,
                    "%s: answer '%s'%s, %s over %d image(s), question %s", code.getCodeMeaning(), finding.getAnswer(),
                    probability == null ? "" : String.format(Locale.ROOT, ", probability %.3f", probability),
                    finding.getAggregation(), finding.getImageCount(), finding.getQuestionId()));
        }
        f.makeTextContentItem(evaluations, "CONTAINS", Codes.COMMENT.item(), statement(p, findings));
        return root;
    }

    /** The prompt set's decision for one coded finding. */
    static boolean present(StudyFinding finding, Pipeline.PromptSet promptSet) throws SrException {
        Pipeline.Question q = promptSet.questions().stream().filter(x -> x.id().equals(finding.getQuestionId()))
                .findFirst().orElse(null);
        if (q == null || q.positive() == null) {
            throw new SrException("coded finding of question " + finding.getQuestionId() + " has no positive answer"
                    + " in prompt set " + promptSet.id() + " " + promptSet.version(), null);
        }
        Double probability = finding.getProbability();
        return probability != null ? q.present(probability) : q.positive().equals(finding.getAnswer());
    }

    private static String statement(Provenance p, StudyFindings findings) {
        return "MACHINE-GENERATED by " + p.getModelName() + " " + p.getModelVersion() + " (MedMoE Stream "
                + p.getCodeVersion() + ", prompt set " + p.getPromptSetId() + " " + p.getPromptSetVersion()
                + ") for study revision " + findings.getRevision() + ". " + p.getIntendedUse();
    }

    private static void modules(AttributeList list, StudyFindings findings, SrSource source) throws DicomException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Provenance p = findings.getProvenance();
        String sop = sopInstanceUid(findings);
        put(list, TagFromName.SpecificCharacterSet, "ISO_IR 192");
        put(list, TagFromName.SOPClassUID, COMPREHENSIVE_SR);
        put(list, TagFromName.SOPInstanceUID, sop);
        put(list, TagFromName.InstanceCreationDate, now.format(DA));
        put(list, TagFromName.InstanceCreationTime, now.format(TM));
        put(list, TagFromName.PatientName, source.patientName());
        put(list, TagFromName.PatientID, source.patientId());
        put(list, TagFromName.PatientBirthDate, source.patientBirthDate());
        put(list, TagFromName.PatientSex, source.patientSex());
        put(list, TagFromName.StudyInstanceUID, findings.getStudyInstanceUid());
        put(list, TagFromName.StudyDate, source.studyDate());
        put(list, TagFromName.StudyTime, source.studyTime());
        put(list, TagFromName.StudyID, source.studyId());
        put(list, TagFromName.ReferringPhysicianName, source.referringPhysicianName());
        put(list, TagFromName.AccessionNumber, findings.getAccessionNumber());
        put(list, TagFromName.Modality, "SR");
        put(list, TagFromName.SeriesInstanceUID, DerivedUids.of("medmoe-series", findings.getStudyInstanceUid(),
                p.getModelName()));
        put(list, TagFromName.SeriesNumber, Integer.toString(SERIES_NUMBER));
        put(list, TagFromName.SeriesDescription, SERIES_DESCRIPTION);
        list.put(new SequenceAttribute(TagFromName.ReferencedPerformedProcedureStepSequence));
        put(list, TagFromName.Manufacturer, MANUFACTURER);
        put(list, TagFromName.ManufacturerModelName, p.getModelName());
        put(list, TagFromName.SoftwareVersions, p.getCodeVersion());
        put(list, TagFromName.InstanceNumber, Long.toString(findings.getRevision()));
        put(list, TagFromName.CompletionFlag, "COMPLETE");
        put(list, TagFromName.VerificationFlag, "UNVERIFIED");
        put(list, TagFromName.ContentDate, now.format(DA));
        put(list, TagFromName.ContentTime, now.format(TM));
        list.put(new SequenceAttribute(TagFromName.PerformedProcedureCodeSequence));
        list.put(evidence(findings.getStudyInstanceUid(), source.images()));
    }

    private static SequenceAttribute evidence(String studyUid, List<SrSource.SourceImage> images)
            throws DicomException {
        Map<String, SequenceAttribute> bySeries = new LinkedHashMap<>();
        for (SrSource.SourceImage image : images) {
            SequenceAttribute sops = bySeries.computeIfAbsent(image.seriesInstanceUid(),
                    s -> new SequenceAttribute(TagFromName.ReferencedSOPSequence));
            AttributeList ref = new AttributeList();
            put(ref, TagFromName.ReferencedSOPClassUID, image.sopClassUid());
            put(ref, TagFromName.ReferencedSOPInstanceUID, image.sopInstanceUid());
            sops.addItem(ref);
        }
        SequenceAttribute series = new SequenceAttribute(TagFromName.ReferencedSeriesSequence);
        for (Map.Entry<String, SequenceAttribute> e : bySeries.entrySet()) {
            AttributeList item = new AttributeList();
            put(item, TagFromName.SeriesInstanceUID, e.getKey());
            item.put(e.getValue());
            series.addItem(item);
        }
        AttributeList study = new AttributeList();
        put(study, TagFromName.StudyInstanceUID, studyUid);
        study.put(series);
        SequenceAttribute evidence = new SequenceAttribute(TagFromName.CurrentRequestedProcedureEvidenceSequence);
        evidence.addItem(study);
        return evidence;
    }

    private static void put(AttributeList list, AttributeTag tag, String value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        if (value != null && !value.isEmpty()) {
            a.addValue(value);
        }
        list.put(a);
    }
}

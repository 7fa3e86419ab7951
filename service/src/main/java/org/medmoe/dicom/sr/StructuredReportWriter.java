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

/**
 * Writes an {@link SrContent} as a DICOM Comprehensive SR following TID 1500 (Measurement
 * Report): language, the model as device observer (name, version, manufacturer), procedure
 * reported, an image library of the source images, and a "Qualitative Evaluations" container with
 * one CODE item per evaluation (present or absent, as the content says) with its answer,
 * probability and aggregation as text, and the machine-generated statement. Stateless and
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

    /** SOP Instance UID of the SR of {@code content} (a function of study, revision and model version). */
    public static String sopInstanceUid(SrContent content) {
        return sopInstanceUid(content.studyInstanceUid(), content.revision(), content.modelName(),
                content.modelVersion());
    }

    /** SOP Instance UID of the SR of revision {@code revision} of a study by a model. */
    public static String sopInstanceUid(String studyInstanceUid, long revision, String modelName, String modelVersion) {
        return DerivedUids.of("medmoe-sr", studyInstanceUid, Long.toString(revision), modelName, modelVersion);
    }

    /**
     * Builds the SR as Part-10 bytes (explicit VR little endian).
     *
     * @param content what the SR says
     * @param source patient and study attributes, and the source images
     * @throws SrException when the toolkit refuses a value
     */
    public static byte[] write(SrContent content, SrSource source) throws SrException {
        try {
            AttributeList list = new StructuredReport(content(content, source)).getAttributeList();
            modules(list, content, source);
            FileMetaInformation.addFileMetaInformation(list, EXPLICIT_LE, "MEDMOE");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            list.write(out, EXPLICIT_LE, true, true);
            return out.toByteArray();
        } catch (DicomException | IOException | RuntimeException e) {
            throw new SrException("cannot write the SR of study " + content.studyInstanceUid() + " revision "
                    + content.revision() + ": " + e.getMessage(), e);
        }
    }

    private static ContentItem content(SrContent c, SrSource source) throws DicomException {
        ContentItemFactory f = new ContentItemFactory();
        ContentItem root = f.makeContainerContentItem(null, null, Codes.MEASUREMENT_REPORT.item(), true, "DCMR", "1500");
        f.makeCodeContentItem(root, "HAS CONCEPT MOD", Codes.LANGUAGE.item(), Codes.ENGLISH_US.item());
        f.makeCodeContentItem(root, "HAS OBS CONTEXT", Codes.OBSERVER_TYPE.item(), Codes.DEVICE.item());
        f.makeUIDContentItem(root, "HAS OBS CONTEXT", Codes.DEVICE_OBSERVER_UID.item(),
                DerivedUids.of("medmoe-device", c.modelName(), c.modelVersion()));
        f.makeTextContentItem(root, "HAS OBS CONTEXT", Codes.DEVICE_OBSERVER_NAME.item(), c.modelName());
        f.makeTextContentItem(root, "HAS OBS CONTEXT", Codes.DEVICE_OBSERVER_MANUFACTURER.item(), MANUFACTURER);
        f.makeTextContentItem(root, "HAS OBS CONTEXT", Codes.DEVICE_OBSERVER_MODEL_NAME.item(),
                c.modelName() + " " + c.modelVersion());
        f.makeCodeContentItem(root, "HAS CONCEPT MOD", Codes.PROCEDURE_REPORTED.item(), Codes.IMAGING_PROCEDURE.item());
        ContentItem library = f.makeContainerContentItem(root, "CONTAINS", Codes.IMAGE_LIBRARY.item(), true);
        ContentItem group = f.makeContainerContentItem(library, "CONTAINS", Codes.IMAGE_LIBRARY_GROUP.item(), true);
        for (SrSource.SourceImage image : source.images()) {
            f.makeImageContentItem(group, "CONTAINS", null, image.sopClassUid(), image.sopInstanceUid(), 0, 0,
                    null, null, null, null);
        }
        ContentItem evaluations = f.makeContainerContentItem(root, "CONTAINS", Codes.QUALITATIVE_EVALUATIONS.item(), true);
        for (SrContent.Evaluation e : c.evaluations()) {
            CodedSequenceItem concept = new CodedSequenceItem(e.codeValue(), e.codingScheme(), e.codeMeaning());
            f.makeCodeContentItem(evaluations, "CONTAINS", concept, (e.present() ? Codes.PRESENT : Codes.ABSENT).item());
            f.makeTextContentItem(evaluations, "CONTAINS", Codes.COMMENT.item(), String.format(Locale.ROOT,
                    "%s: answer '%s'%s, %s over %d image(s), question %s", e.codeMeaning(), e.answer(),
                    e.probability() == null ? "" : String.format(Locale.ROOT, ", probability %.3f", e.probability()),
                    e.aggregation(), e.imageCount(), e.questionId()));
        }
        f.makeTextContentItem(evaluations, "CONTAINS", Codes.COMMENT.item(), statement(c));
        return root;
    }

    private static String statement(SrContent c) {
        return "MACHINE-GENERATED by " + c.modelName() + " " + c.modelVersion() + " (MedMoE Stream "
                + c.codeVersion() + ", prompt set " + c.promptSetId() + " " + c.promptSetVersion()
                + ") for study revision " + c.revision() + ". " + c.intendedUse();
    }

    private static void modules(AttributeList list, SrContent c, SrSource source) throws DicomException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String sop = sopInstanceUid(c);
        put(list, TagFromName.SpecificCharacterSet, "ISO_IR 192");
        put(list, TagFromName.SOPClassUID, COMPREHENSIVE_SR);
        put(list, TagFromName.SOPInstanceUID, sop);
        put(list, TagFromName.InstanceCreationDate, now.format(DA));
        put(list, TagFromName.InstanceCreationTime, now.format(TM));
        put(list, TagFromName.PatientName, source.patientName());
        put(list, TagFromName.PatientID, source.patientId());
        put(list, TagFromName.PatientBirthDate, source.patientBirthDate());
        put(list, TagFromName.PatientSex, source.patientSex());
        put(list, TagFromName.StudyInstanceUID, c.studyInstanceUid());
        put(list, TagFromName.StudyDate, source.studyDate());
        put(list, TagFromName.StudyTime, source.studyTime());
        put(list, TagFromName.StudyID, source.studyId());
        put(list, TagFromName.ReferringPhysicianName, source.referringPhysicianName());
        put(list, TagFromName.AccessionNumber, c.accessionNumber());
        put(list, TagFromName.Modality, "SR");
        put(list, TagFromName.SeriesInstanceUID, DerivedUids.of("medmoe-series", c.studyInstanceUid(),
                c.modelName()));
        put(list, TagFromName.SeriesNumber, Integer.toString(SERIES_NUMBER));
        put(list, TagFromName.SeriesDescription, SERIES_DESCRIPTION);
        list.put(new SequenceAttribute(TagFromName.ReferencedPerformedProcedureStepSequence));
        put(list, TagFromName.Manufacturer, MANUFACTURER);
        put(list, TagFromName.ManufacturerModelName, c.modelName());
        put(list, TagFromName.SoftwareVersions, c.codeVersion());
        put(list, TagFromName.InstanceNumber, Long.toString(c.revision()));
        put(list, TagFromName.CompletionFlag, "COMPLETE");
        put(list, TagFromName.VerificationFlag, "UNVERIFIED");
        put(list, TagFromName.ContentDate, now.format(DA));
        put(list, TagFromName.ContentTime, now.format(TM));
        list.put(new SequenceAttribute(TagFromName.PerformedProcedureCodeSequence));
        list.put(evidence(c.studyInstanceUid(), source.images()));
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

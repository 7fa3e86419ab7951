package org.medmoe.ingest.orthanc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeSet;
import org.medmoe.dicom.DicomDates;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;

/**
 * Builds a {@link StudyEvent} from Orthanc's view of a study, leaving out the SR series this
 * service wrote itself (recognised by Modality SR and our Manufacturer). Study date and time in the
 * old ACR-NEMA style ({@code 1997.04.24}, {@code 14:04:38}) are passed on in DICOM form ({@link DicomDates}).
 */
final class StudyDescriber {

    private final OrthancRest rest;
    private final BridgeConfig config;

    StudyDescriber(OrthancRest rest, BridgeConfig config) {
        this.rest = rest;
        this.config = config;
    }

    /** The event for study {@code orthancId} at change {@code seq}, or empty when the study is gone. */
    Optional<StudyEvent> describe(String orthancId, long seq, Instant now) throws OrthancException {
        Optional<JsonNode> study = rest.study(orthancId);
        Optional<JsonNode> series = rest.seriesOfStudy(orthancId);
        if (study.isEmpty() || series.isEmpty()) {
            return Optional.empty();
        }
        JsonNode tags = study.get().path("MainDicomTags");
        String uid = text(tags, "StudyInstanceUID");
        if (uid == null) {
            return Optional.empty();
        }
        TreeSet<String> modalities = new TreeSet<>();
        int seriesCount = 0;
        int instanceCount = 0;
        for (JsonNode s : series.get()) {
            JsonNode st = s.path("MainDicomTags");
            String modality = text(st, "Modality");
            if ("SR".equals(modality) && config.ownManufacturer().equals(text(st, "Manufacturer"))) {
                continue;
            }
            seriesCount++;
            instanceCount += s.path("Instances").size();
            if (modality != null) {
                modalities.add(modality);
            }
        }
        StudyLocator locator = StudyLocator.newBuilder().setKind(LocatorKind.DICOMWEB)
                .setUri(config.dicomWebUrl().toString()).setStudyPath("studies/" + uid).build();
        return Optional.of(StudyEvent.newBuilder()
                .setStudyInstanceUid(uid)
                .setRevision(seq)
                .setAccessionNumber(text(tags, "AccessionNumber"))
                .setModalities(new java.util.ArrayList<>(modalities))
                .setSeriesCount(seriesCount)
                .setInstanceCount(instanceCount)
                .setStudyDate(DicomDates.date(text(tags, "StudyDate")))
                .setStudyTime(DicomDates.time(text(tags, "StudyTime")))
                .setOrderPriority(null)
                .setProcedureCode(null)
                .setLocator(locator)
                .setSource(config.source())
                .setEventTime(now)
                .setPatientPseudonym(null)
                .build());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }
}

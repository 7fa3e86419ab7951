package org.medmoe.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.medmoe.dicom.SeriesRef;
import org.medmoe.dicom.StudyRef;
import org.medmoe.dicom.web.DicomJson;
import org.medmoe.dicom.web.DicomWebClient;
import org.medmoe.dicom.web.DicomWebException;
import org.medmoe.dicom.web.DicomWebNotFoundException;
import org.medmoe.dicom.web.DicomWebTimeoutException;
import org.medmoe.dicom.web.DicomWebTooLargeException;
import org.medmoe.dicom.web.DicomWebUntrustedException;
import org.medmoe.dicom.web.TrustedEndpoints;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;

/**
 * Lists a study with QIDO-RS (series, then instances) and reads instances with WADO-RS, from the
 * DICOMweb service the event names, which must lie under one of the trusted endpoints: otherwise the
 * study fails with {@link ReasonCode#UNTRUSTED_LOCATOR} before any request is made. For a
 * whole-slide image series (modality SM) also its metadata, which describes the pyramid's levels
 * ({@link SlideLevel}) without fetching any pixel data. A study UID whose series or instances name
 * different PatientIDs is refused ({@link StudyPatients}). Thread-safe.
 */
public final class DicomWebImageSource implements ImageSource {
    static final String SERIES_NUMBER = "00200011";
    static final String INSTANCE_NUMBER = "00200013";
    static final String PATIENT_ID = "00100020";

    private final TrustedEndpoints endpoints;

    /** Reads from the services among {@code endpoints}. */
    public DicomWebImageSource(TrustedEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public List<SeriesCandidate> list(StudyEvent event) throws AnalysisException {
        return list(event, Long.MAX_VALUE);
    }

    @Override
    public List<SeriesCandidate> list(StudyEvent event, long deadlineNanos) throws AnalysisException {
        StudyRef study = new StudyRef(event.getStudyInstanceUid());
        try {
            DicomWebClient client = endpoints.client(event.getLocator().getUri());
            List<SeriesCandidate> out = new ArrayList<>();
            StudyPatients patients = new StudyPatients(event.getStudyInstanceUid());
            for (DicomJson series : client.searchSeries(study, Map.of("includefield", SERIES_NUMBER + "," + PATIENT_ID))) {
                if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
                    throw new AnalysisException("plan", ReasonCode.TIMEOUT, "the study budget ran out while listing"
                            + " its series (" + out.size() + " listed)", null);
                }
                String seriesUid = series.string(DicomJson.SERIES_UID);
                String modality = series.string(DicomJson.MODALITY);
                patients.add(series.string(PATIENT_ID), seriesUid);
                List<DicomJson> instances = new ArrayList<>(client.searchInstances(study.series(seriesUid),
                        Map.of("includefield", INSTANCE_NUMBER + "," + PATIENT_ID)));
                instances.forEach(i -> patients.add(i.string(PATIENT_ID), seriesUid));
                instances.sort(Comparator.comparingInt(i -> number(i.string(INSTANCE_NUMBER))));
                List<ImageRef> refs = instances.stream().map(i -> new ImageRef(seriesUid,
                        i.string(DicomJson.SOP_INSTANCE_UID), modality, null)).toList();
                out.add(new SeriesCandidate(seriesUid, number(series.string(SERIES_NUMBER)), modality, refs,
                        SeriesCandidate.SLIDE_MICROSCOPY.equals(modality) ? levels(client, study.series(seriesUid))
                                : Map.of()));
            }
            patients.check();
            return out;
        } catch (DicomWebException e) {
            throw failure("plan", e);
        }
    }

    /** A whole-slide series' levels from its metadata (WADO-RS, no pixel data), by SOP Instance UID. */
    private static Map<String, SlideLevel> levels(DicomWebClient client, SeriesRef series) throws DicomWebException {
        Map<String, SlideLevel> levels = new java.util.LinkedHashMap<>();
        for (DicomJson instance : client.retrieveMetadata(series)) {
            SlideLevel level = SlideLevel.of(instance);
            if (level != null && level.sopInstanceUid() != null) {
                levels.put(level.sopInstanceUid(), level);
            }
        }
        return levels;
    }

    @Override
    public byte[] read(StudyEvent event, ImageRef ref) throws AnalysisException {
        try {
            return endpoints.client(event.getLocator().getUri()).retrieveInstance(new StudyRef(event.getStudyInstanceUid())
                    .series(ref.seriesInstanceUid()).instance(ref.sopInstanceUid()));
        } catch (DicomWebException e) {
            throw failure("fetch", e);
        }
    }

    static AnalysisException failure(String stage, DicomWebException e) {
        ReasonCode reason = e instanceof DicomWebNotFoundException ? ReasonCode.PACS_NOT_FOUND
                : e instanceof DicomWebTimeoutException ? ReasonCode.TIMEOUT
                : e instanceof DicomWebUntrustedException ? ReasonCode.UNTRUSTED_LOCATOR
                : e instanceof DicomWebTooLargeException ? ReasonCode.INPUT_TOO_LARGE : ReasonCode.PACS_UNREACHABLE;
        return new AnalysisException(stage, reason, e.getMessage(), e);
    }

    private static int number(String value) {
        try {
            return value == null ? Integer.MAX_VALUE : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}

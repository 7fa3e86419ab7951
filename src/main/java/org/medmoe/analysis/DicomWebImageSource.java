package org.medmoe.analysis;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.medmoe.dicom.StudyRef;
import org.medmoe.dicom.web.DicomJson;
import org.medmoe.dicom.web.DicomWebClient;
import org.medmoe.dicom.web.DicomWebException;
import org.medmoe.dicom.web.DicomWebNotFoundException;
import org.medmoe.dicom.web.DicomWebTimeoutException;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;

/**
 * Lists a study with QIDO-RS (series, then instances) and reads instances with WADO-RS, from the
 * DICOMweb service the event names. One client per base URL, made by {@code clients} and reused.
 */
public final class DicomWebImageSource implements ImageSource {
    static final String SERIES_NUMBER = "00200011";
    static final String INSTANCE_NUMBER = "00200013";

    private final Function<URI, DicomWebClient> clients;
    private final Map<URI, DicomWebClient> byUrl = new ConcurrentHashMap<>();

    public DicomWebImageSource(Function<URI, DicomWebClient> clients) {
        this.clients = clients;
    }

    @Override
    public List<SeriesCandidate> list(StudyEvent event) throws AnalysisException {
        DicomWebClient client = client(event);
        StudyRef study = new StudyRef(event.getStudyInstanceUid());
        try {
            List<SeriesCandidate> out = new ArrayList<>();
            for (DicomJson series : client.searchSeries(study, Map.of("includefield", SERIES_NUMBER))) {
                String seriesUid = series.string(DicomJson.SERIES_UID);
                String modality = series.string(DicomJson.MODALITY);
                List<DicomJson> instances = new ArrayList<>(client.searchInstances(study.series(seriesUid),
                        Map.of("includefield", INSTANCE_NUMBER)));
                instances.sort(Comparator.comparingInt(i -> number(i.string(INSTANCE_NUMBER))));
                List<ImageRef> refs = instances.stream().map(i -> new ImageRef(seriesUid,
                        i.string(DicomJson.SOP_INSTANCE_UID), modality, null)).toList();
                out.add(new SeriesCandidate(seriesUid, number(series.string(SERIES_NUMBER)), modality, refs));
            }
            return out;
        } catch (DicomWebException e) {
            throw failure("plan", e);
        }
    }

    @Override
    public byte[] read(StudyEvent event, ImageRef ref) throws AnalysisException {
        try {
            return client(event).retrieveInstance(new StudyRef(event.getStudyInstanceUid())
                    .series(ref.seriesInstanceUid()).instance(ref.sopInstanceUid()));
        } catch (DicomWebException e) {
            throw failure("fetch", e);
        }
    }

    private DicomWebClient client(StudyEvent event) {
        return byUrl.computeIfAbsent(URI.create(event.getLocator().getUri()), clients);
    }

    static AnalysisException failure(String stage, DicomWebException e) {
        ReasonCode reason = e instanceof DicomWebNotFoundException ? ReasonCode.PACS_NOT_FOUND
                : e instanceof DicomWebTimeoutException ? ReasonCode.TIMEOUT : ReasonCode.PACS_UNREACHABLE;
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

package org.medmoe.analysis;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.DicomReadException;
import org.medmoe.dicom.InstanceIdentity;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;

/**
 * A study stored as DICOM Part-10 files under a folder ({@code file:} locators): every file of the
 * folder tree whose StudyInstanceUID is the event's. Listing reads each file only up to its
 * SeriesInstanceUID ({@link DicomImageReader#identify}); files that are not DICOM, or larger than
 * the decode limits, are ignored. A listed file whose header or pixels are damaged further on fails
 * when it is decoded, which the findings report. Series are ordered by UID and instances by file
 * name (a folder has no SeriesNumber index).
 */
public final class FolderImageSource implements ImageSource {
    private final DicomImageReader reader;

    public FolderImageSource(DicomImageReader reader) {
        this.reader = reader;
    }

    @Override
    public List<SeriesCandidate> list(StudyEvent event) throws AnalysisException {
        Path root = folder(event);
        Map<String, List<ImageRef>> bySeries = new LinkedHashMap<>();
        Map<String, String> modality = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                InstanceIdentity identity;
                try {
                    identity = reader.identify(file);
                } catch (DicomReadException e) {
                    continue;
                }
                if (!event.getStudyInstanceUid().equals(identity.studyInstanceUid())) {
                    continue;
                }
                bySeries.computeIfAbsent(identity.seriesInstanceUid(), k -> new ArrayList<>())
                        .add(new ImageRef(identity.seriesInstanceUid(), identity.sopInstanceUid(), identity.modality(),
                                file.toString()));
                modality.putIfAbsent(identity.seriesInstanceUid(), identity.modality());
            }
        } catch (IOException e) {
            throw new AnalysisException("plan", ReasonCode.PACS_UNREACHABLE, "cannot read folder " + root + ": "
                    + e.getMessage(), e);
        }
        if (bySeries.isEmpty()) {
            throw new AnalysisException("plan", ReasonCode.PACS_NOT_FOUND, "no DICOM file of study "
                    + event.getStudyInstanceUid() + " under " + root, null);
        }
        List<SeriesCandidate> out = new ArrayList<>();
        bySeries.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.add(
                new SeriesCandidate(e.getKey(), Integer.MAX_VALUE, modality.get(e.getKey()), e.getValue().stream()
                        .sorted(Comparator.comparing(ImageRef::location)).toList())));
        return out;
    }

    @Override
    public byte[] read(StudyEvent event, ImageRef ref) throws AnalysisException {
        try {
            return Files.readAllBytes(Path.of(ref.location()));
        } catch (IOException e) {
            throw new AnalysisException("fetch", ReasonCode.PACS_NOT_FOUND, "cannot read " + ref.location() + ": "
                    + e.getMessage(), e);
        }
    }

    private static Path folder(StudyEvent event) throws AnalysisException {
        try {
            Path p = Path.of(URI.create(event.getLocator().getUri()));
            if (event.getLocator().getStudyPath() != null) {
                p = p.resolve(event.getLocator().getStudyPath());
            }
            if (!Files.isDirectory(p)) {
                throw new AnalysisException("plan", ReasonCode.PACS_NOT_FOUND, "study folder " + p + " does not exist",
                        null);
            }
            return p;
        } catch (IllegalArgumentException e) {
            throw new AnalysisException("plan", ReasonCode.BAD_EVENT, "bad file locator " + event.getLocator().getUri()
                    + ": " + e.getMessage(), e);
        }
    }
}

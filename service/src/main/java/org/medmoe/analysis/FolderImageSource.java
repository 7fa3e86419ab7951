package org.medmoe.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * name (a folder has no SeriesNumber index). Files of the study UID that name different PatientIDs
 * are refused ({@link StudyPatients}).
 *
 * <p>Only folders under the configured roots are read: the locator's folder, with symbolic links
 * resolved, must lie under a root (also resolved), and a {@code ..} segment in the locator is refused
 * outright; anything else fails with {@link ReasonCode#UNTRUSTED_LOCATOR} before a file is opened.
 * Symbolic links inside the folder are not followed. No roots: every {@code file:} locator is refused.
 * A file larger than {@code maxFileBytes} is refused ({@link ReasonCode#INPUT_TOO_LARGE}) on its size
 * and again while it is read. Thread-safe.
 */
public final class FolderImageSource implements ImageSource {
    private final DicomImageReader reader;
    private final List<Path> roots;
    private final long maxFileBytes;
    private final Walker walker;

    /** How a study folder's tree is listed: {@link Files#walk}, which can throw {@link UncheckedIOException} as it goes. */
    @FunctionalInterface
    interface Walker {
        Stream<Path> walk(Path root) throws IOException;
    }

    /** Reads studies under {@code roots} with {@code reader}, files up to {@code maxFileBytes}. */
    public FolderImageSource(DicomImageReader reader, List<Path> roots, long maxFileBytes) {
        this(reader, roots, maxFileBytes, Files::walk);
    }

    FolderImageSource(DicomImageReader reader, List<Path> roots, long maxFileBytes, Walker walker) {
        this.reader = reader;
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.maxFileBytes = Math.min(maxFileBytes, Integer.MAX_VALUE - 8);
        this.walker = walker;
    }

    @Override
    public List<SeriesCandidate> list(StudyEvent event) throws AnalysisException {
        Path root = folder(event);
        Map<String, List<ImageRef>> bySeries = new LinkedHashMap<>();
        Map<String, String> modality = new LinkedHashMap<>();
        StudyPatients patients = new StudyPatients(event.getStudyInstanceUid());
        try (Stream<Path> files = walker.walk(root)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
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
                patients.add(identity.patientId(), identity.seriesInstanceUid());
            }
        } catch (IOException e) {
            throw unreadable(root, e);
        } catch (UncheckedIOException e) {
            // Files.walk reports a folder it cannot open, met while walking, this way.
            throw unreadable(root, e.getCause());
        }
        if (bySeries.isEmpty()) {
            throw new AnalysisException("plan", ReasonCode.PACS_NOT_FOUND, "no DICOM file of study "
                    + event.getStudyInstanceUid() + " under " + root, null);
        }
        patients.check();
        List<SeriesCandidate> out = new ArrayList<>();
        bySeries.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.add(
                new SeriesCandidate(e.getKey(), Integer.MAX_VALUE, modality.get(e.getKey()), e.getValue().stream()
                        .sorted(Comparator.comparing(ImageRef::location)).toList())));
        return out;
    }

    @Override
    public byte[] read(StudyEvent event, ImageRef ref) throws AnalysisException {
        try {
            Path file = underRoots(Path.of(ref.location()), "fetch");
            long size = Files.size(file);
            if (size > maxFileBytes) {
                throw tooLarge(ref, size);
            }
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                byte[] bytes = in.readNBytes((int) maxFileBytes + 1);
                if (bytes.length > maxFileBytes) {
                    throw tooLarge(ref, bytes.length);
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new AnalysisException("fetch", ReasonCode.PACS_NOT_FOUND, "cannot read " + ref.location() + ": "
                    + e.getMessage(), e);
        }
    }

    private static AnalysisException unreadable(Path root, IOException e) {
        return new AnalysisException("plan", ReasonCode.PACS_UNREACHABLE, "cannot read folder " + root + ": "
                + e.getMessage(), e);
    }

    private AnalysisException tooLarge(ImageRef ref, long size) {
        return new AnalysisException("fetch", ReasonCode.INPUT_TOO_LARGE, "file " + ref.location() + " has " + size
                + " bytes or more, over the cap of " + maxFileBytes + " bytes; refused", null);
    }

    /** {@code path} with links resolved, when it lies under a root; else UNTRUSTED_LOCATOR. */
    private Path underRoots(Path path, String stage) throws AnalysisException, IOException {
        Path real = path.toRealPath();
        for (Path root : roots) {
            if (Files.exists(root) && real.startsWith(root.toRealPath())) {
                return real;
            }
        }
        throw new AnalysisException(stage, ReasonCode.UNTRUSTED_LOCATOR, "file locator " + path
                + " is not under a configured root (analysis.file.roots); nothing was read", null);
    }

    private Path folder(StudyEvent event) throws AnalysisException {
        try {
            String uri = event.getLocator().getUri();
            String studyPath = event.getLocator().getStudyPath();
            if (climbs(String.valueOf(URI.create(uri).getPath())) || studyPath != null && climbs(studyPath)) {
                throw new AnalysisException("plan", ReasonCode.UNTRUSTED_LOCATOR, "file locator " + uri
                        + " climbs with '..'; refused", null);
            }
            Path p = Path.of(URI.create(uri));
            if (studyPath != null) {
                p = p.resolve(studyPath);
            }
            if (!Files.isDirectory(p)) {
                underRootsOrRefuse(p);
                throw new AnalysisException("plan", ReasonCode.PACS_NOT_FOUND, "study folder " + p + " does not exist",
                        null);
            }
            return underRoots(p, "plan");
        } catch (IOException e) {
            throw new AnalysisException("plan", ReasonCode.PACS_UNREACHABLE, "cannot resolve the file locator: "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new AnalysisException("plan", ReasonCode.BAD_EVENT, "bad file locator " + event.getLocator().getUri()
                    + ": " + e.getMessage(), e);
        }
    }

    /** A folder that does not exist says so only when it would have been under a root. */
    private void underRootsOrRefuse(Path missing) throws AnalysisException {
        Path normal = missing.toAbsolutePath().normalize();
        if (roots.stream().noneMatch(normal::startsWith)) {
            throw new AnalysisException("plan", ReasonCode.UNTRUSTED_LOCATOR, "file locator " + missing
                    + " is not under a configured root (analysis.file.roots); nothing was read", null);
        }
    }

    private static boolean climbs(String path) {
        for (String segment : path.replace('\\', '/').split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}

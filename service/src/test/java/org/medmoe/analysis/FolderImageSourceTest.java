package org.medmoe.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.schema.LocatorKind;
import org.medmoe.schema.ReasonCode;
import org.medmoe.schema.StudyEvent;
import org.medmoe.schema.StudyLocator;

class FolderImageSourceTest {
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.77";

    @TempDir
    Path dir;

    @Test
    void shouldTurnAFolderTheWalkCannotOpenIntoPacsUnreachable() throws IOException {
        // Given a study folder whose walk fails part way, as Files.walk does on a subfolder it cannot open
        Files.createDirectories(dir.resolve("study/locked"));
        FolderImageSource source = new FolderImageSource(new DicomImageReader(DecodeLimits.defaults()), List.of(dir),
                1 << 20, root -> Stream.of(root, root.resolve("locked")).map(p -> {
                    if (p.endsWith("locked")) {
                        throw new UncheckedIOException(new AccessDeniedException(p.toString()));
                    }
                    return p;
                }));

        // When the study is listed
        AnalysisException e = catchThrowableOfType(() -> source.list(event(dir.resolve("study"))),
                AnalysisException.class);

        // Then it is a typed failure of the plan stage, not an unchecked exception
        assertThat(e.stage()).isEqualTo("plan");
        assertThat(e.reason()).isEqualTo(ReasonCode.PACS_UNREACHABLE);
        assertThat(e.getMessage()).contains("cannot read folder").contains("locked");
    }

    @Test
    void shouldTurnAnUnreadableSubfolderOnDiskIntoPacsUnreachable() throws IOException {
        // Root reads every folder whatever its permissions: this check needs an ordinary user.
        assumeFalse("root".equals(System.getProperty("user.name")), "permissions do not bind root");
        Path locked = Files.createDirectories(dir.resolve("study/locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            AnalysisException e = catchThrowableOfType(() -> new FolderImageSource(
                    new DicomImageReader(DecodeLimits.defaults()), List.of(dir), 1 << 20).list(event(dir.resolve("study"))),
                    AnalysisException.class);

            assertThat(e.reason()).isEqualTo(ReasonCode.PACS_UNREACHABLE);
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static StudyEvent event(Path folder) {
        return StudyEvent.newBuilder()
                .setStudyInstanceUid(STUDY)
                .setRevision(1)
                .setModalities(java.util.List.of("CT"))
                .setSeriesCount(1)
                .setInstanceCount(1)
                .setLocator(new StudyLocator(LocatorKind.FILE, folder.toUri().toString(), null))
                .setSource("test")
                .setEventTime(Instant.now())
                .build();
    }
}

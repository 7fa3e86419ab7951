package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.testing.dicom.DebianSamples;

/** {@link DicomImageReader#identify}: the UIDs a folder listing needs, without the rest of the header. */
class InstanceIdentityTest {
    private static final DicomImageReader READER = new DicomImageReader(DecodeLimits.defaults());

    @TempDir
    Path dir;

    @Test
    void shouldGiveTheUidsAndModalityOfTheFullHeaderForRealFiles() throws Exception {
        // Given the real files of three Debian packages whose header the reader accepts
        List<Path> files = Stream.of("python3-pydicom", "python3-nibabel", "dicom3tools")
                .flatMap(pkg -> DebianSamples.dcmFiles(pkg).stream()).toList();
        int compared = 0;
        for (Path file : files) {
            DicomHeader header;
            try {
                header = READER.readHeader(Files.readAllBytes(file));
            } catch (DicomReadException e) {
                continue;
            }
            // When each is identified
            InstanceIdentity identity = READER.identify(file);
            // Then it names the same study, series, instance, modality and patient as the full header
            String patientId = HeaderReader.identifiers(PixelMedParser.readHeader(Files.readAllBytes(file))).patientId();
            assertThat(identity).as(file.toString()).isEqualTo(new InstanceIdentity(header.studyInstanceUid(),
                    header.seriesInstanceUid(), header.sopInstanceUid(), header.modality(), patientId));
            assertThat(identity.toString()).endsWith("patientId=redacted]");
            compared++;
        }
        assertThat(compared).isGreaterThan(50);
    }

    @Test
    void shouldStopReadingAfterTheSeriesUid() throws Exception {
        // Given a real CT whose header goes on past SeriesInstanceUID (Rows, Columns, pixel module)
        byte[] bytes = Files.readAllBytes(DebianSamples.pydicom("CT_small.dcm"));
        assertThat(PixelMedParser.readHeader(bytes).get(TagFromName.Rows)).isNotNull();
        // When its identity is read
        AttributeList identity = PixelMedParser.readIdentity(new ByteArrayInputStream(bytes));
        // Then the reading ended after SeriesInstanceUID: nothing of a later group was parsed
        assertThat(identity.get(TagFromName.SeriesInstanceUID)).isNotNull();
        assertThat(identity.keySet()).allSatisfy(tag -> assertThat(tag.getGroup() < 0x0020
                || tag.getGroup() == 0x0020 && tag.getElement() <= 0x000E).as(tag.toString()).isTrue());
    }

    @Test
    void shouldRefuseAFileLargerThanTheLimit() throws Exception {
        Path file = DebianSamples.pydicom("CT_small.dcm");
        DicomImageReader small = new DicomImageReader(new DecodeLimits(1024, 1 << 20, 1 << 20));
        assertThatThrownBy(() -> small.identify(file)).isInstanceOf(DicomUnsupportedException.class)
                .hasMessageContaining("larger than the limit of 1024 bytes");
    }

    @Test
    void shouldRefuseAFileThatIsNotDicom() throws Exception {
        // Given a text file
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not an image, just some notes about a study\n".repeat(20), StandardCharsets.UTF_8);
        // When it is identified, then it is refused as unreadable (a listing skips it)
        assertThatThrownBy(() -> READER.identify(text)).isInstanceOf(DicomCorruptException.class)
                .hasMessageContaining("not a readable DICOM object");
    }
}

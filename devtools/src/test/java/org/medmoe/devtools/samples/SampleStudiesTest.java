package org.medmoe.devtools.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.DicomImage;
import org.medmoe.dicom.DicomImageReader;
import org.medmoe.dicom.FrameSelection;
import org.medmoe.imaging.RgbImage;
import org.medmoe.imaging.WindowPresets;

/** The demo's sample studies carry the model's sample pixels unchanged through DICOM. */
class SampleStudiesTest {
    static final Path MODEL = Path.of(System.getProperty("medmoe.project.dir", ".")).resolve("models/tiny");

    @TempDir
    Path dir;

    @Test
    void everySampleStudyDecodesToThePixelsOfItsPicture() throws Exception {
        List<SampleStudies.Sample> samples = SampleStudies.write(MODEL, dir);
        DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());

        assertThat(samples).hasSize(8);
        for (SampleStudies.Sample s : samples) {
            Path file = s.folder().resolve("series-1/image-1.dcm");
            DicomImage image = reader.decode(Files.readAllBytes(file), FrameSelection.first());
            RgbImage rendered = image.render(0, WindowPresets.defaults());
            RgbImage png = SampleStudies.readPng(s.keyImage());

            assertThat(image.header().modality()).isEqualTo(s.dicomModality());
            assertThat(image.header().studyInstanceUid()).isEqualTo(s.studyUid()).startsWith("2.25.");
            assertThat(rendered.rgb()).as(s.description()).isEqualTo(png.rgb());
        }
    }
}

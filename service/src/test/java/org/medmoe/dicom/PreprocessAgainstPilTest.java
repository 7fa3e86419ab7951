package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medmoe.imaging.PreprocessSpec;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.imaging.RgbImage;
import org.medmoe.imaging.WindowPresets;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.testing.dicom.PythonReference;

/**
 * Med-MoE pre-processing of real images against Pillow: the 8-bit square image must be
 * identical (bicubic resize with antialiasing, crop or pad), and the normalised tensor within
 * {@value #TENSOR_TOLERANCE} (float32 rounding).
 */
class PreprocessAgainstPilTest {

    static final double TENSOR_TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "CT_small.dcm, 336, CROP", "CT_small.dcm, 336, PAD",
        "693_J2KI.dcm, 336, CROP", "693_J2KI.dcm, 224, PAD",
        "JPEG2000.dcm, 336, CROP", "JPEG2000.dcm, 336, PAD",
        "ExplVR_BigEnd.dcm, 336, CROP", "ExplVR_BigEnd.dcm, 64, PAD",
        "GDCMJ2K_TextGBR.dcm, 336, CROP", "SC_rgb_small_odd.dcm, 336, PAD"})
    void shouldMatchPillow(String file, int size, PreprocessSpec.Fit fit) throws Exception {
        DicomImage image = new DicomImageReader(DecodeLimits.defaults())
                .read(DebianSamples.pydicom(file), FrameSelection.first());
        RgbImage rgb = image.render(0, WindowPresets.defaults());
        Path in = dir.resolve("in.rgb");
        Files.write(in, rgb.rgb());
        String prefix = dir.resolve("out").toString();
        PythonReference.run("pil_preprocess.py", List.of(in.toString(), Integer.toString(rgb.width()),
                Integer.toString(rgb.height()), Integer.toString(size), fit.name().toLowerCase(), prefix));

        Preprocessor pre = new Preprocessor(PreprocessSpec.medMoe(size, fit));
        byte[] square = pre.square(rgb).rgb();
        byte[] pilSquare = Files.readAllBytes(Path.of(prefix + ".u8"));
        assertThat(square).as("8-bit image after resize and %s", fit).isEqualTo(pilSquare);

        float[] tensor = pre.tensor(rgb).data();
        float[] pil = new float[3 * size * size];
        ByteBuffer.wrap(Files.readAllBytes(Path.of(prefix + ".f32"))).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().get(pil);
        double max = 0;
        for (int i = 0; i < pil.length; i++) {
            max = Math.max(max, Math.abs(tensor[i] - pil[i]));
        }
        assertThat(max).as("largest tensor difference").isLessThanOrEqualTo(TENSOR_TOLERANCE);
    }
}

package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.imaging.RgbImage;
import org.medmoe.imaging.VoiWindow;
import org.medmoe.imaging.WindowPresets;
import org.medmoe.testing.dicom.EnhancedSamples;
import org.medmoe.testing.dicom.PythonReference;

/**
 * Enhanced multi-frame objects: every frame decoded with its own rescale and window from the
 * functional groups (per-frame, else shared, else top-level), compared frame by frame with
 * pydicom + numpy applying the same functional-group values ({@code tools/dicom/enhanced_dump.py}).
 */
class EnhancedMultiFrameTest {

    @TempDir
    static Path dir;

    static List<Path> files;
    static List<JsonNode> reference = new ArrayList<>();

    @BeforeAll
    static void writeAndDecodeWithPydicom() throws IOException {
        files = EnhancedSamples.write(dir.resolve("files"));
        List<String> args = new ArrayList<>();
        args.add(dir.resolve("ref").toString());
        files.forEach(f -> args.add(f.toString()));
        PythonReference.run("enhanced_dump.py", args);
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(dir.resolve("ref/index.jsonl"))) {
            reference.add(json.readTree(line));
        }
    }

    @Test
    void shouldDecodeEveryFrameWithItsOwnRescaleAndWindowLikePydicom() throws Exception {
        DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
        int compared = 0;
        for (Path file : files) {
            // When every frame is decoded
            DicomImage image = reader.read(file, new FrameSelection(FrameSelection.Policy.ALL, 16));
            assertThat(image.header().enhanced()).as(file.toString()).isTrue();
            assertThat(image.frames()).hasSize(4);
            for (int i = 0; i < image.frames().size(); i++) {
                JsonNode ref = frame(file, i + 1);
                String what = file.getFileName() + " frame " + (i + 1);
                FrameValues values = image.frameValues().get(i);
                // Then the values are those pydicom's reading of the functional groups found
                assertThat(values.rescaleSlope()).as(what).isEqualTo(ref.get("slope").asDouble());
                assertThat(values.rescaleIntercept()).as(what).isEqualTo(ref.get("intercept").asDouble());
                assertThat(source(values.rescaleFrom())).as(what).isEqualTo(ref.get("rescaleFrom").asText());
                assertThat(source(values.voiFrom())).as(what).isEqualTo(ref.get("voiFrom").asText());
                assertThat(values.voi()).as(what)
                        .isEqualTo(new VoiWindow(ref.get("center").asDouble(), ref.get("width").asDouble()));
                // and the modality values and the windowed picture match pydicom's
                double[] expected = read(dir.resolve("ref").resolve(ref.get("values").asText()));
                float[] actual = image.frames().get(i).samples();
                assertThat(actual).as(what).hasSize(expected.length);
                int differ = 0;
                for (int s = 0; s < actual.length; s++) {
                    differ += actual[s] == expected[s] ? 0 : 1;
                }
                assertThat(differ).as(what + ": modality values different from pydicom's").isZero();
                double[] display = read(dir.resolve("ref").resolve(ref.get("display").asText()));
                RgbImage rgb = image.render(i, WindowPresets.defaults());
                int width = image.frames().get(i).width();
                int off = 0;
                for (int s = 0; s < display.length; s++) {
                    // pydicom leaves the window's output unrounded; we round to 8 bits
                    off += Math.abs(rgb.sample(s % width, s / width, 0) - display[s]) <= 0.5 + 1e-9 ? 0 : 1;
                }
                assertThat(off).as(what + ": display values more than rounding away from pydicom's").isZero();
                compared++;
            }
        }
        assertThat(compared).isEqualTo(16);
    }

    @Test
    void shouldDecodeTheChosenFrameWithItsOwnValuesAndNotTheFirstFramesOnes() throws Exception {
        DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
        Path file = files.get(0);

        // When only the middle frame (3 of 4) is decoded
        DicomImage middle = reader.read(file, FrameSelection.middle());

        // Then it carries frame 3's rescale (slope 0.5, intercept -100), read from its per-frame group
        assertThat(middle.frameNumbers()).containsExactly(3);
        assertThat(middle.frameValues().get(0).rescaleSlope()).isEqualTo(0.5);
        assertThat(middle.frameValues().get(0).rescaleIntercept()).isEqualTo(-100);
        double[] expected = read(dir.resolve("ref").resolve(frame(file, 3).get("values").asText()));
        assertThat((double) middle.frames().get(0).samples()[0]).isEqualTo(expected[0]);
    }

    private static JsonNode frame(Path file, int number) {
        return reference.stream().filter(r -> r.get("file").asText().equals(file.toString())
                && r.get("frame").asInt() == number).findFirst().orElseThrow();
    }

    private static String source(FrameValues.Source s) {
        return s.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static double[] read(Path raw) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(v);
        return v;
    }
}

package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.imaging.DecodedImage;
import org.medmoe.imaging.Preprocessor;
import org.medmoe.imaging.PreprocessSpec;
import org.medmoe.imaging.WindowPresets;
import org.medmoe.testing.dicom.PythonReference;

/**
 * PALETTE COLOR images made by {@code tools/dicom/make_palette.py} from the eight well-known palettes
 * Debian's python3-pydicom ships (plain and segmented, 8-bit entries) and from 16-bit tables (first
 * mapped value, indices below and past the table, signed indices, implicit VR, RLE), decoded here
 * and by pydicom's {@code apply_color_lut} ({@code tools/dicom/pydicom_dump.py}): every RGB value equal.
 */
class PaletteAgainstPydicomTest {

    @TempDir
    static Path dir;

    static List<Path> files = new ArrayList<>();
    static Map<String, JsonNode> reference = new java.util.HashMap<>();

    @BeforeAll
    static void makeAndDecodeWithPydicom() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        String made = PythonReference.run("make_palette.py", List.of(images.toString()));
        made.lines().filter(l -> l.endsWith(".dcm")).map(Path::of).forEach(files::add);
        List<String> args = new ArrayList<>();
        args.add(dir.resolve("ref").toString());
        files.forEach(f -> args.add(f.toString()));
        PythonReference.run("pydicom_dump.py", args);
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(dir.resolve("ref/index.jsonl"))) {
            JsonNode node = json.readTree(line);
            reference.put(node.get("file").asText(), node);
        }
    }

    @Test
    void shouldMapEveryPaletteImageToTheRgbValuesPydicomGives() throws Exception {
        assertThat(files).hasSize(14);
        for (boolean nativeCodecs : new boolean[] {true, false}) {
            DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults(), nativeCodecs);
            for (Path file : files) {
                JsonNode ref = reference.get(file.toString());
                assertThat(ref.get("status").asText()).as(file + " in pydicom").isEqualTo("ok");
                DecodedImage frame = reader.read(file, FrameSelection.first()).frames().get(0);
                double[] expected = read(dir.resolve("ref").resolve(ref.get("raw").asText()));
                assertThat(frame.channels()).as(file.toString()).isEqualTo(3);
                assertThat(frame.samples()).as(file.toString()).hasSize(expected.length);
                for (int i = 0; i < expected.length; i++) {
                    assertThat((double) frame.samples()[i]).as(file + " sample " + i)
                            .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-3));
                }
            }
        }
    }

    @Test
    void shouldGiveColourNotGreyscaleIndicesToTheModelAndShowThePaletteInInspect() {
        Path hotIron = files.stream().filter(f -> f.getFileName().toString().equals("pal8_hotiron.dcm"))
                .findFirst().orElseThrow();
        Inspection inspection = new Inspection(new DicomImageReader(DecodeLimits.defaults()),
                new Preprocessor(PreprocessSpec.medMoe(32, PreprocessSpec.Fit.PAD)), WindowPresets.defaults(), FrameSelection.first());

        Map<String, Object> out = inspection.inspect(hotIron, false);

        assertThat(out.get("status")).isEqualTo("decoded");
        assertThat(out.get("decodedChannels")).isEqualTo(3);
        @SuppressWarnings("unchecked")
        Map<String, Object> palette = (Map<String, Object>) out.get("palette");
        assertThat(palette).containsEntry("entries", 256).containsEntry("firstMapped", 0)
                .containsEntry("bits", 8).containsEntry("segmented", false);
        @SuppressWarnings("unchecked")
        Map<String, Object> winter = (Map<String, Object>) inspection.inspect(files.stream()
                .filter(f -> f.getFileName().toString().equals("pal8_winter.dcm")).findFirst().orElseThrow(), false)
                .get("palette");
        assertThat(winter).containsEntry("segmented", true);
    }

    @Test
    void shouldRefuseAPaletteImageWithoutItsTablesAsCorrupt() throws Exception {
        Path hotIron = files.stream().filter(f -> f.getFileName().toString().equals("pal8_hotiron.dcm"))
                .findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(hotIron);
        // Renumber the red table's data element (0028,1201) to (0028,1211): the table is gone.
        byte[] tag = {0x28, 0x00, 0x01, 0x12};
        int at = indexOf(bytes, tag);
        assertThat(at).isPositive();
        bytes[at + 2] = 0x11;

        assertThatThrownBy(() -> new DicomImageReader(DecodeLimits.defaults()).decode(bytes, FrameSelection.first()))
                .isInstanceOf(DicomCorruptException.class).hasMessageContaining("palette");
    }

    @Test
    void shouldRefuseEntriesOfOtherThan8Or16BitsAsUnsupported() throws Exception {
        Path hotIron = files.stream().filter(f -> f.getFileName().toString().equals("pal8_hotiron.dcm"))
                .findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(hotIron);
        // Each descriptor (0028,110x) US 256, 0, 8 in explicit VR: tag, "US", length 6, then the three values.
        for (byte element : new byte[] {0x01, 0x02, 0x03}) {
            int at = indexOf(bytes, new byte[] {0x28, 0x00, element, 0x11, 'U', 'S', 6, 0});
            assertThat(at).isPositive();
            assertThat(bytes[at + 12]).isEqualTo((byte) 8);
            bytes[at + 12] = 12;
        }

        assertThatThrownBy(() -> new DicomImageReader(DecodeLimits.defaults()).decode(bytes, FrameSelection.first()))
                .isInstanceOf(DicomUnsupportedException.class).hasMessageContaining("12-bit entries");
    }

    private static int indexOf(byte[] bytes, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= bytes.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (bytes[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static double[] read(Path raw) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(v);
        return v;
    }
}

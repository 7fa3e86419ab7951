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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medmoe.imaging.DecodedImage;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.testing.dicom.PythonReference;

/**
 * Decodes every DICOM test file of Debian's python3-pydicom and python3-nibabel and compares the first frame with
 * pydicom + numpy: exact (up to float32 rounding of rescaled values) for lossless transfer
 * syntaxes, mean absolute difference at most {@value #LOSSY_MEAN_TOLERANCE} and maximum at most
 * {@value #LOSSY_MAX_TOLERANCE} (of 255 or of the stored range) for lossy ones. Colour values
 * may differ by 0.5 (rounding of the YBR to RGB conversion).
 */
class DecodeAgainstPydicomTest {

    static final double LOSSY_MEAN_TOLERANCE = 1.0;
    static final double LOSSY_MAX_TOLERANCE = 16.0;
    /** Lossy file against the lossless original of the same picture (the JPEG's own loss). */
    static final double TWIN_MEAN_TOLERANCE = 4.0;
    static final double TWIN_MAX_TOLERANCE = 96.0;

    /** Files pydicom decodes and this service rejects on purpose, with the error class expected. */
    static final Map<String, Class<? extends DicomReadException>> EXPECTED_FAILURES = Map.ofEntries(
            Map.entry("SC_rgb_rle_32bit.dcm", DicomUnsupportedException.class),
            Map.entry("SC_rgb_rle_32bit_2frame.dcm", DicomUnsupportedException.class),
            Map.entry("rtdose.dcm", DicomUnsupportedException.class),
            Map.entry("rtdose_1frame.dcm", DicomUnsupportedException.class),
            Map.entry("rtdose_expb.dcm", DicomUnsupportedException.class),
            Map.entry("rtdose_expb_1frame.dcm", DicomUnsupportedException.class),
            Map.entry("rtdose_rle.dcm", DicomUnsupportedException.class),
            Map.entry("rtdose_rle_1frame.dcm", DicomUnsupportedException.class),
            Map.entry("liver_1frame.dcm", DicomUnsupportedException.class),
            Map.entry("liver_expb_1frame.dcm", DicomUnsupportedException.class),
            Map.entry("SC_ybr_full_422_uncompressed.dcm", DicomUnsupportedException.class),
            // A data set element with an implausible length that pydicom tolerates and PixelMed does not.
            Map.entry("SC_rgb_jpeg.dcm", DicomCorruptException.class));

    /**
     * An RGB-coded JPEG without a colour-space marker: Pillow (and so pydicom) applies a
     * YCbCr-to-RGB transform to it, which is wrong, so it is compared with the lossless copy of
     * the same picture instead.
     */
    static final Map<String, String> REFERENCE_TWIN = Map.of("SC_rgb_jpeg_lossy_gdcm.dcm", "SC_rgb_rle.dcm");

    @TempDir
    static Path out;

    static List<Path> files;
    static Map<String, JsonNode> reference = new HashMap<>();

    @BeforeAll
    static void decodeWithPydicom() throws IOException {
        files = new ArrayList<>(DebianSamples.pydicom());
        files.addAll(DebianSamples.dcmFiles("python3-nibabel"));
        List<String> args = new ArrayList<>();
        args.add(out.toString());
        files.forEach(f -> args.add(f.toString()));
        PythonReference.run("pydicom_dump.py", args);
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve("index.jsonl"))) {
            JsonNode node = json.readTree(line);
            reference.put(node.get("file").asText(), node);
        }
    }

    @Test
    void shouldDecodeEveryFileLikePydicomOrFailWithATypedError() throws IOException {
        DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
        List<String> report = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            JsonNode ref = reference.get(file.resolveSibling(REFERENCE_TWIN.getOrDefault(name, name)).toString());
            DicomImage image;
            try {
                image = reader.read(file, FrameSelection.first());
            } catch (DicomReadException e) {
                boolean expected = !"ok".equals(ref.get("status").asText())
                        || e.getClass().equals(EXPECTED_FAILURES.get(name));
                if (!expected) {
                    mismatches.add(name + ": pydicom decodes it, we fail with " + e);
                }
                report.add(name + ": " + e.getClass().getSimpleName() + " " + e.getMessage()
                        + " | pydicom " + ref.get("status").asText());
                continue;
            }
            if (!"ok".equals(ref.get("status").asText())) {
                report.add(name + ": decoded | pydicom " + ref.path("error").asText());
                continue;
            }
            DecodedImage frame = image.frames().get(0);
            double[] expected = read(out.resolve(ref.get("raw").asText()));
            String ts = image.header().transferSyntaxUid();
            String diff = compare(frame, expected, TransferSyntaxes.isLossy(ts), REFERENCE_TWIN.containsKey(name));
            compared++;
            report.add(name + ": " + ts + " " + (diff == null ? "match" : diff));
            if (diff != null) {
                mismatches.add(name + " (" + ts + "): " + diff);
            }
        }
        System.out.println(String.join("\n", report));
        assertThat(mismatches).as("files decoded differently from pydicom").isEmpty();
        assertThat(compared).as("files compared with pydicom").isGreaterThanOrEqualTo(40);
    }

    static String compare(DecodedImage frame, double[] expected, boolean lossy, boolean twin) {
        float[] actual = frame.samples();
        if (actual.length != expected.length) {
            return "sample count " + actual.length + " vs pydicom " + expected.length;
        }
        double max = 0;
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            double allowed = lossy ? Double.MAX_VALUE : 1e-5 * Math.max(1, Math.abs(expected[i]))
                    + (frame.isGrey() ? 0 : 0.5001);
            if (d > allowed) {
                return "sample " + i + " is " + actual[i] + ", pydicom " + expected[i];
            }
            max = Math.max(max, d);
            sum += d;
        }
        double mean = sum / actual.length;
        if (twin && (mean > TWIN_MEAN_TOLERANCE || max > TWIN_MAX_TOLERANCE)
                || !twin && lossy && (mean > LOSSY_MEAN_TOLERANCE || max > LOSSY_MAX_TOLERANCE)) {
            return String.format("lossy difference mean %.3f max %.1f", mean, max);
        }
        return null;
    }

    static double[] read(Path raw) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(v);
        return v;
    }

    static String names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(","));
    }
}

package org.medmoe.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medmoe.testing.dicom.DebianSamples;

/**
 * Fuzz targets of the DICOM reader and of each codec path, in the form Jazzer's driver runs
 * ({@code public static void fuzzerTestOneInput(byte[])}, one nested class per target), used by
 * {@code ./medmoe fuzz} and replayed over their seeds by {@code FuzzRegressionTest}. A target
 * passes when the input decodes or fails with a {@link DicomReadException}; anything else thrown
 * (or a crash of native code) is a finding. Codec inputs start with a 6-byte geometry header
 * ({@link Geometry}) followed by the compressed frame.
 */
public final class DicomFuzzTargets {

    /** The targets by the name {@code ./medmoe fuzz} gives them. */
    public static final Map<String, Class<?>> TARGETS = Map.of(
            "dicom-reader", Reader.class, "jpeg-ls", JpegLs.class, "jpeg", Jpeg.class, "jpeg12", Jpeg12.class,
            "jpeg2000", Jpeg2000.class, "rle", Rle.class);

    private static final DicomImageReader READER = new DicomImageReader(DecodeLimits.defaults());
    private static final int MAX_SEED_BYTES = 256 * 1024;

    private DicomFuzzTargets() {
    }

    /** Columns and rows (1-1024), samples per pixel (1 or 3), bits allocated (8 or 16) and stored (1-16). */
    record Geometry(int columns, int rows, int samples, int bitsAllocated, int bitsStored) {

        static final int SIZE = 6;

        static Geometry of(byte[] b) {
            int columns = 1 + (((b[0] & 0xFF) << 8 | (b[1] & 0xFF)) % 1024);
            int rows = 1 + (((b[2] & 0xFF) << 8 | (b[3] & 0xFF)) % 1024);
            int bitsAllocated = (b[4] & 2) == 0 ? 8 : 16;
            return new Geometry(columns, rows, (b[4] & 1) == 0 ? 1 : 3, bitsAllocated, 1 + (b[5] & 0xFF) % bitsAllocated);
        }

        byte[] prefix(byte[] frame) {
            byte[] out = new byte[SIZE + frame.length];
            out[0] = (byte) ((columns - 1) >> 8);
            out[1] = (byte) (columns - 1);
            out[2] = (byte) ((rows - 1) >> 8);
            out[3] = (byte) (rows - 1);
            out[4] = (byte) ((samples == 3 ? 1 : 0) | (bitsAllocated == 16 ? 2 : 0));
            out[5] = (byte) (bitsStored - 1);
            System.arraycopy(frame, 0, out, SIZE, frame.length);
            return out;
        }

        static byte[] frame(byte[] input) {
            return java.util.Arrays.copyOfRange(input, SIZE, input.length);
        }
    }

    /** The whole reader: Part-10 parsing, the header checks and the first frame's decode. */
    public static final class Reader {
        public static void fuzzerTestOneInput(byte[] data) {
            try {
                READER.read(new ByteArrayInputStream(data), FrameSelection.first());
            } catch (DicomReadException expected) {
                // a typed refusal is a pass
            } catch (IOException e) {
                throw new IllegalStateException("an in-memory read threw IOException", e);
            }
        }
    }

    /** JPEG-LS through CharLS. */
    public static final class JpegLs {
        public static void fuzzerTestOneInput(byte[] data) {
            codec(data, (g, f) -> NativeCodecs.charLs().decode(f, g.columns(), g.rows(), g.samples(), g.bitsAllocated()));
        }
    }

    /** 8-bit JPEG through TurboJPEG. */
    public static final class Jpeg {
        public static void fuzzerTestOneInput(byte[] data) {
            codec(data, (g, f) -> NativeCodecs.turboJpeg().decode(f, g.columns(), g.rows(), g.samples()));
        }
    }

    /** 12-bit JPEG through dcmtk's dcmdjpeg. */
    public static final class Jpeg12 {
        public static void fuzzerTestOneInput(byte[] data) {
            codec(data, (g, f) -> NativeCodecs.jpeg12().decode(f, g.columns(), g.rows(), Math.max(9, Math.min(12,
                    g.bitsStored())), 0));
        }
    }

    /** JPEG 2000 through OpenJPEG. */
    public static final class Jpeg2000 {
        public static void fuzzerTestOneInput(byte[] data) {
            codec(data, (g, f) -> NativeCodecs.openJpeg().decode(f, g.columns(), g.rows(), g.samples()));
        }
    }

    /** RLE Lossless, our own decoder. */
    public static final class Rle {
        public static void fuzzerTestOneInput(byte[] data) {
            codec(data, (g, f) -> RleDecoder.decode(f, g.columns() * g.rows(), g.samples(), g.bitsAllocated() / 8));
        }
    }

    private interface Codec {
        Object decode(Geometry geometry, byte[] frame) throws DicomReadException;
    }

    private static void codec(byte[] data, Codec codec) {
        if (data.length < Geometry.SIZE) {
            return;
        }
        try {
            codec.decode(Geometry.of(data), Geometry.frame(data));
        } catch (DicomReadException expected) {
            // a typed refusal is a pass
        }
    }

    /**
     * Seeds from real files (python3-pydicom's and python3-nibabel's): whole files of at most
     * 256 KB for the reader, the first compressed frame with its geometry for each codec.
     */
    public static Map<String, Map<String, byte[]>> seeds() throws IOException {
        Map<String, Map<String, byte[]>> seeds = new LinkedHashMap<>();
        TARGETS.keySet().forEach(t -> seeds.put(t, new LinkedHashMap<>()));
        List<Path> files = new ArrayList<>(DebianSamples.pydicom());
        files.addAll(DebianSamples.dcmFiles("python3-nibabel"));
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            if (bytes.length <= MAX_SEED_BYTES) {
                seeds.get("dicom-reader").put(name, bytes);
            }
            try {
                DicomHeader h = HeaderReader.header(PixelMedParser.readHeaderAt(bytes).list());
                String target = codecOf(h);
                byte[] frame = target == null ? null : firstFrame(bytes);
                if (frame != null && h.columns() <= 1024 && h.rows() <= 1024 && frame.length <= MAX_SEED_BYTES) {
                    Geometry g = new Geometry(h.columns(), h.rows(), h.samplesPerPixel() == 3 ? 3 : 1,
                            h.bitsAllocated() == 16 ? 16 : 8, Math.max(1, Math.min(h.bitsStored(), 16)));
                    seeds.get(target).put(name, g.prefix(frame));
                }
            } catch (DicomReadException | RuntimeException unreadable) {
                // corrupt on purpose: a reader seed only
            }
        }
        return seeds;
    }

    private static String codecOf(DicomHeader h) {
        String ts = h.transferSyntaxUid();
        if (TransferSyntaxes.isJpegLs(ts)) {
            return "jpeg-ls";
        }
        if (TransferSyntaxes.RLE.equals(ts)) {
            return "rle";
        }
        if (TransferSyntaxes.JPEG_2000.equals(ts) || TransferSyntaxes.JPEG_2000_LOSSLESS.equals(ts)) {
            return "jpeg2000";
        }
        if (TransferSyntaxes.JPEG_BASELINE.equals(ts) || TransferSyntaxes.JPEG_EXTENDED.equals(ts)) {
            return h.bitsStored() > 8 ? "jpeg12" : "jpeg";
        }
        return null;
    }

    private static byte[] firstFrame(byte[] bytes) throws DicomReadException {
        AttributeList list = PixelMedParser.readCompressed(bytes);
        Attribute pixels = list.getPixelData();
        if (!(pixels instanceof OtherByteAttributeMultipleCompressedFrames)) {
            return null;
        }
        byte[][] frames = ((OtherByteAttributeMultipleCompressedFrames) pixels).getFrames();
        return frames == null || frames.length == 0 ? null : frames[0];
    }

    /** Writes the seeds to {@code args[0]}/{@code <target>}/. */
    public static void main(String[] args) throws IOException {
        for (Map.Entry<String, Map<String, byte[]>> target : seeds().entrySet()) {
            Path dir = Files.createDirectories(Path.of(args[0], target.getKey()));
            for (Map.Entry<String, byte[]> seed : target.getValue().entrySet()) {
                Files.write(dir.resolve(seed.getKey()), seed.getValue());
            }
        }
    }
}

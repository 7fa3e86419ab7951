package org.medmoe.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Decodes one greyscale JPEG frame of 9 to 12 bits (JPEG Extended, process 4) with dcmtk's
 * {@code dcmdjpeg} (Debian's {@code dcmtk}, whose IJG build has the 12-bit decoder that
 * libjpeg-turbo 2.x lacks), run as a child process: the frame is wrapped in a minimal DICOM file,
 * decoded to Explicit VR Little Endian and its pixel words read back. A crash of the decoder on
 * hostile input ends the child, not the service; the child gets {@value #TIMEOUT_SECONDS} s, its
 * output is capped, and its temporary folder is removed in {@code finally}. Thread-safe.
 */
final class DcmtkJpeg12Decoder {

    static final int TIMEOUT_SECONDS = 30;
    private static final int MAX_MESSAGE_BYTES = 4096;

    private final Path executable;

    /** Decodes with {@code executable}, the path of dcmdjpeg. */
    DcmtkJpeg12Decoder(Path executable) {
        this.executable = executable;
    }

    /** {@code dcmdjpeg} found on the PATH, or null. */
    static Path find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "dcmdjpeg")).filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** dcmdjpeg's first version line, e.g. {@code $dcmtk: dcmdjpeg v3.6.7 2022-04-22 $}. */
    String version() throws DicomReadException {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("medmoe-dcmdjpeg");
            String out = run(List.of(executable.toString(), "--version"), dir);
            return out.lines().filter(l -> l.contains("dcmdjpeg")).findFirst().orElse(out.strip()).replace("$", "").strip();
        } catch (IOException e) {
            throw new DicomUnsupportedException("dcmdjpeg could not be run: " + e.getMessage(), TransferSyntaxes.JPEG_EXTENDED);
        } finally {
            delete(dir);
        }
    }

    /**
     * Decodes {@code frame}, which must hold {@code columns} x {@code rows} greyscale samples of
     * {@code bitsStored} bits; returns them as stored words.
     */
    PixelUnpacker.Samples decode(byte[] frame, int columns, int rows, int bitsStored, int pixelRepresentation)
            throws DicomReadException {
        JpegMarkers.Frame sof = JpegMarkers.frameHeader(frame);
        if (sof.width() != columns || sof.height() != rows || sof.components() != 1 || sof.precision() > bitsStored) {
            throw new DicomCorruptException("JPEG frame claims " + sof.width() + "x" + sof.height() + " pixels x "
                    + sof.components() + " components of " + sof.precision() + " bits, the DICOM header says "
                    + columns + "x" + rows + " x 1 of " + bitsStored);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("medmoe-dcmdjpeg");
            Path in = dir.resolve("in.dcm");
            Path out = dir.resolve("out.dcm");
            Files.write(in, Jpeg12File.wrap(frame, columns, rows, bitsStored, pixelRepresentation));
            String message = run(List.of(executable.toString(), "--quiet", "+te", in.toString(), out.toString()), dir);
            if (!Files.isRegularFile(out)) {
                throw new DicomCorruptException("JPEG frame could not be decoded (dcmdjpeg: " + message.strip() + ")");
            }
            byte[] decoded = Files.readAllBytes(out);
            PixelMedParser.Header header = PixelMedParser.readHeaderAt(decoded);
            PixelMedParser.NativePixels pixels = PixelMedParser.locateNativePixelData(decoded, header.stopOffset(),
                    TransferSyntaxes.EXPLICIT_LE);
            long words = (long) columns * rows;
            if (pixels == null || pixels.length() < 2 * words) {
                throw new DicomCorruptException("JPEG frame could not be decoded (dcmdjpeg wrote no " + columns + "x"
                        + rows + " pixel data)");
            }
            return PixelUnpacker.Samples.ofWords(decoded, pixels.start(), (int) words, false);
        } catch (IOException e) {
            throw new DicomCorruptException("JPEG frame could not be decoded (dcmdjpeg: " + e.getMessage() + ")", e);
        } finally {
            delete(dir);
        }
    }

    private static String run(List<String> command, Path dir) throws IOException, DicomCorruptException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try (InputStream output = process.getInputStream()) {
            byte[] buffer = new byte[1024];
            for (int n; (n = output.read(buffer)) >= 0; ) {
                message.write(buffer, 0, Math.min(n, Math.max(0, MAX_MESSAGE_BYTES - message.size())));
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new DicomCorruptException("JPEG frame could not be decoded (dcmdjpeg ran over "
                        + TIMEOUT_SECONDS + " s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DicomCorruptException("JPEG frame decoding interrupted", e);
        } finally {
            process.destroyForcibly();
        }
        return message.toString(StandardCharsets.UTF_8);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}

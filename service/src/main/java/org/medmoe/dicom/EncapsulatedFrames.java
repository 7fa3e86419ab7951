package org.medmoe.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes only the selected frames of encapsulated pixel data, without the toolkit's
 * decompression (which rescans every ImageIO plugin on the class path for each object): RLE with
 * our own decoder; JPEG 2000 through OpenJPEG and 8-bit JPEG (grey and colour, whatever the
 * photometric interpretation; colour labelled RGB is taken as RGB unless its markers say YCbCr,
 * {@link JpegMarkers}) through TurboJPEG when they are loaded ({@link NativeCodecs}); greyscale
 * JPEG, JPEG Lossless and JPEG 2000, and 8-bit colour JPEG and JPEG 2000 frames otherwise through a
 * directly chosen ImageIO reader, read as a raster; JPEG-LS through CharLS and greyscale JPEG of 9
 * to 12 bits through dcmtk, which {@link TransferSyntaxes#checkDecodable} has made sure are there:
 * the components as coded, with no colour conversion by the reader. The photometric interpretation then says what they are
 * (YBR_FULL and YBR_FULL_422 are converted to RGB by {@link PixelUnpacker}; JPEG 2000's YBR_RCT and
 * YBR_ICT, whose component transform the decoder has undone, and RGB are RGB). Without TurboJPEG,
 * colour JPEG whose photometric interpretation says RGB stays with the toolkit: some writers store
 * YCbCr under that name, and only the JPEG markers tell. So does colour JPEG Lossless. The native
 * decoders run under {@link NativeDeadline}. Stateless and thread-safe.
 */
final class EncapsulatedFrames {

    private EncapsulatedFrames() {
    }

    /** True when this class decodes {@code h}'s pixel data (natively where {@code nativeCodecs} allows). */
    static boolean handles(DicomHeader h, boolean nativeCodecs) {
        String ts = h.transferSyntaxUid();
        if (TransferSyntaxes.RLE.equals(ts) || nativeJpeg(h, nativeCodecs) || TransferSyntaxes.isJpegLs(ts)
                || jpeg12(h)) {
            return true;
        }
        String format = formatName(ts);
        if (format == null || h.samplesPerPixel() != 1 && (h.samplesPerPixel() != 3 || h.bitsAllocated() != 8)) {
            return false;
        }
        String photometric = String.valueOf(h.photometricInterpretation());
        return h.samplesPerPixel() == 1 || "jpeg2000".equals(format)
                || "jpeg".equals(format) && photometric.startsWith("YBR_FULL");
    }

    /**
     * The photometric interpretation of the samples {@link #frame} returns: RGB for colour JPEG
     * decoded by TurboJPEG (which converts YCbCr as the JPEG markers say), else the header's.
     */
    static String decodedPhotometric(DicomHeader h, boolean nativeCodecs) {
        return nativeJpeg(h, nativeCodecs) && h.samplesPerPixel() == 3 ? "RGB" : h.photometricInterpretation();
    }

    /**
     * Decodes frame {@code index} (0-based) of {@code list}'s compressed pixel data; JPEG 2000
     * through OpenJPEG and 8-bit JPEG through TurboJPEG when {@code nativeCodecs} is true and
     * {@link NativeCodecs} has loaded them.
     */
    static PixelUnpacker.Samples frame(AttributeList list, DicomHeader h, int index, boolean nativeCodecs)
            throws DicomReadException {
        Attribute pixelData = list.getPixelData();
        if (!(pixelData instanceof OtherByteAttributeMultipleCompressedFrames)) {
            throw new DicomCorruptException("object " + h.sopInstanceUid() + " has no encapsulated PixelData");
        }
        byte[][] frames = ((OtherByteAttributeMultipleCompressedFrames) pixelData).getFrames();
        if (frames == null || index >= frames.length || frames[index] == null) {
            throw new DicomCorruptException("object " + h.sopInstanceUid() + " has " + (frames == null ? 0 : frames.length)
                    + " compressed frames, frame " + (index + 1) + " asked for");
        }
        int pixels = h.rows() * h.columns();
        if (TransferSyntaxes.RLE.equals(h.transferSyntaxUid())) {
            return PixelUnpacker.Samples.ofInts(RleDecoder.decode(frames[index], pixels, h.samplesPerPixel(),
                    h.bitsAllocated() / 8));
        }
        byte[] frame = frames[index];
        NativeDeadline deadline = NativeDeadline.shared();
        if (TransferSyntaxes.isJpegLs(h.transferSyntaxUid())) {
            return deadline.run("CharLS", pixels, () -> NativeCodecs.charLs().decode(frame, h.columns(), h.rows(),
                    h.samplesPerPixel(), h.bitsAllocated()));
        }
        if (jpeg12(h)) {
            return NativeCodecs.jpeg12().decode(frames[index], h.columns(), h.rows(), h.bitsStored(),
                    h.pixelRepresentation());
        }
        if (nativeJpeg(h, nativeCodecs)) {
            byte[] jpeg = h.samplesPerPixel() == 3 && "RGB".equals(h.photometricInterpretation())
                    ? JpegMarkers.asLabelledRgb(frames[index]) : frames[index];
            return PixelUnpacker.Samples.ofBytes(deadline.run("TurboJPEG", pixels,
                    () -> NativeCodecs.turboJpeg().decode(jpeg, h.columns(), h.rows(), h.samplesPerPixel())));
        }
        OpenJpegDecoder openJpeg = nativeCodecs && "jpeg2000".equals(formatName(h.transferSyntaxUid()))
                ? NativeCodecs.openJpeg() : null;
        if (openJpeg != null) {
            return PixelUnpacker.Samples.ofInts(deadline.run("OpenJPEG", pixels,
                    () -> openJpeg.decode(frame, h.columns(), h.rows(), h.samplesPerPixel())));
        }
        return PixelUnpacker.Samples.ofInts(imageIo(frames[index], h, pixels));
    }

    private static int[] imageIo(byte[] frame, DicomHeader h, int pixels) throws DicomReadException {
        String ts = h.transferSyntaxUid();
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(formatName(ts));
        if (!readers.hasNext()) {
            throw new DicomUnsupportedException("no ImageIO reader for transfer syntax " + ts, ts);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(frame))) {
            reader.setInput(in, true, true);
            Raster raster = reader.canReadRaster() ? reader.readRaster(0, null) : reader.read(0).getRaster();
            if (raster.getWidth() != h.columns() || raster.getHeight() != h.rows()) {
                throw new DicomCorruptException("compressed frame is " + raster.getWidth() + "x" + raster.getHeight()
                        + ", header says " + h.columns() + "x" + h.rows());
            }
            if (h.samplesPerPixel() == 3) {
                if (raster.getNumBands() != 3) {
                    throw new DicomCorruptException("compressed colour frame has " + raster.getNumBands()
                            + " components, header says 3");
                }
                return raster.getPixels(raster.getMinX(), raster.getMinY(), h.columns(), h.rows(), new int[3 * pixels]);
            }
            return raster.getSamples(raster.getMinX(), raster.getMinY(), h.columns(), h.rows(), 0, new int[pixels]);
        } catch (VirtualMachineError | LinkageError e) {
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            // jai-imageio's JPEG 2000 reader throws plain Errors ("IO Error when reading tile") on bad codestreams
            throw new DicomCorruptException("compressed frame of " + h.sopInstanceUid() + " (transfer syntax " + ts
                    + ") could not be decoded: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }

    /** JPEG of 9 to 12 bits, which only dcmtk decodes ({@link TransferSyntaxes#checkDecodable} refused it otherwise). */
    private static boolean jpeg12(DicomHeader h) {
        return TransferSyntaxes.JPEG_EXTENDED.equals(h.transferSyntaxUid()) && h.bitsStored() > 8;
    }

    private static boolean nativeJpeg(DicomHeader h, boolean nativeCodecs) {
        return nativeCodecs && "jpeg".equals(formatName(h.transferSyntaxUid())) && h.bitsAllocated() == 8
                && h.bitsStored() <= 8 && (h.samplesPerPixel() == 1 || h.samplesPerPixel() == 3)
                && NativeCodecs.turboJpeg() != null;
    }

    private static String formatName(String ts) {
        switch (ts) {
            case TransferSyntaxes.JPEG_BASELINE:
            case TransferSyntaxes.JPEG_EXTENDED:
                return "jpeg";
            case TransferSyntaxes.JPEG_LOSSLESS:
            case TransferSyntaxes.JPEG_LOSSLESS_SV1:
                return "jpeg-lossless";
            case TransferSyntaxes.JPEG_2000_LOSSLESS:
            case TransferSyntaxes.JPEG_2000:
                return "jpeg2000";
            default:
                return null;
        }
    }
}

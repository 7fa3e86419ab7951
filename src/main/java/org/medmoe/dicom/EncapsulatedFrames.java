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
 * our own decoder; JPEG 2000 through OpenJPEG when it is loaded ({@link NativeCodecs}); greyscale
 * JPEG, JPEG Lossless and JPEG 2000, and 8-bit colour JPEG and JPEG 2000 frames otherwise through a
 * directly chosen ImageIO reader, read as a raster: the components as coded, with
 * no colour conversion by the reader. The photometric interpretation then says what they are
 * (YBR_FULL and YBR_FULL_422 are converted to RGB by {@link PixelUnpacker}; JPEG 2000's YBR_RCT and
 * YBR_ICT, whose component transform the decoder has undone, and RGB are RGB). Colour JPEG whose
 * photometric interpretation says RGB stays with the toolkit: some writers store YCbCr under that
 * name, and only the JPEG markers tell. So does colour JPEG Lossless. Stateless and thread-safe.
 */
final class EncapsulatedFrames {

    private EncapsulatedFrames() {
    }

    /** True when this class decodes {@code h}'s pixel data. */
    static boolean handles(DicomHeader h) {
        String ts = h.transferSyntaxUid();
        if (TransferSyntaxes.RLE.equals(ts)) {
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
     * Decodes frame {@code index} (0-based) of {@code list}'s compressed pixel data; JPEG 2000
     * through OpenJPEG when {@code nativeCodecs} is true and {@link NativeCodecs} has loaded it.
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
        OpenJpegDecoder openJpeg = nativeCodecs && "jpeg2000".equals(formatName(h.transferSyntaxUid()))
                ? NativeCodecs.openJpeg() : null;
        if (openJpeg != null) {
            return PixelUnpacker.Samples.ofInts(openJpeg.decode(frames[index], h.columns(), h.rows(),
                    h.samplesPerPixel()));
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
        } catch (IOException | RuntimeException e) {
            throw new DicomCorruptException("compressed frame of " + h.sopInstanceUid() + " (transfer syntax " + ts
                    + ") could not be decoded: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
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

package org.medmoe.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medmoe.imaging.DecodedImage;

/**
 * Reads DICOM Part-10 objects and decodes the pixel data of the frames a
 * {@link FrameSelection} picks.
 *
 * <p>Contract: every call either returns a {@link DicomImage} or throws a
 * {@link DicomReadException}; nothing else escapes, not even on hostile input. The header is
 * checked against the {@link DecodeLimits} before any pixel data is read. Thread-safe and
 * stateless apart from its configuration; decoding runs in the calling thread.
 */
public final class DicomImageReader {

    private final DecodeLimits limits;
    private final boolean nativeCodecs;

    /**
     * Creates a reader that enforces {@code limits} and decodes JPEG 2000 and 8-bit JPEG natively
     * where {@link NativeCodecs} has loaded OpenJPEG and TurboJPEG.
     */
    public DicomImageReader(DecodeLimits limits) {
        this(limits, true);
    }

    /**
     * Creates a reader that enforces {@code limits}; with {@code nativeCodecs} false it decodes
     * only with the Java decoders, whatever {@link NativeCodecs} has loaded.
     */
    public DicomImageReader(DecodeLimits limits, boolean nativeCodecs) {
        this.limits = limits;
        this.nativeCodecs = nativeCodecs;
    }

    /** Reads and decodes the file at {@code path}; its size is checked before and while it is read. */
    public DicomImage read(Path path, FrameSelection selection) throws DicomReadException, IOException {
        return decode(readCapped(path), selection);
    }

    /** Reads and decodes one object from {@code in}, which it does not close. */
    public DicomImage read(InputStream in, FrameSelection selection) throws DicomReadException, IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1));
        checkSize(bytes.length);
        return decode(bytes, selection);
    }

    /** Reads the header only (no pixel data is decoded). */
    public DicomHeader readHeader(byte[] bytes) throws DicomReadException {
        checkSize(bytes.length);
        return HeaderReader.header(PixelMedParser.readHeader(bytes));
    }

    /**
     * Which study, series and instance the file at {@code path} holds, and its modality, reading
     * the file only up to SeriesInstanceUID (0020,000E) and not the rest of its header or its
     * pixels; the whole header is read only when a UID is not found there. Throws as
     * {@link #readHeader} does for files that are not DICOM or larger than the limits.
     */
    public InstanceIdentity identify(Path path) throws DicomReadException, IOException {
        checkSize(Files.size(path));
        AttributeList list;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            list = PixelMedParser.readIdentity(in);
        }
        InstanceIdentity identity = InstanceIdentity.of(list);
        return identity.complete() ? identity : InstanceIdentity.of(PixelMedParser.readHeader(readCapped(path)));
    }

    /** The file's bytes, refused on its size and again if more than the limit arrive (it grew, or is no plain file). */
    private byte[] readCapped(Path path) throws DicomReadException, IOException {
        checkSize(Files.size(path));
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1));
            checkSize(bytes.length);
            return bytes;
        }
    }

    /** Decodes one object held in {@code bytes}. */
    public DicomImage decode(byte[] bytes, FrameSelection selection) throws DicomReadException {
        try {
            return decodeChecked(bytes, selection);
        } catch (RuntimeException e) {
            throw new DicomCorruptException("malformed pixel data or attributes: " + e, e);
        } catch (OutOfMemoryError e) {
            throw new DicomUnsupportedException("image too large to decode in the memory available", null);
        } catch (StackOverflowError e) {
            throw new DicomCorruptException("malformed DICOM object: nesting too deep", null);
        }
    }

    /** The limits this reader enforces. */
    public DecodeLimits limits() {
        return limits;
    }

    private DicomImage decodeChecked(byte[] bytes, FrameSelection selection) throws DicomReadException {
        checkSize(bytes.length);
        PixelMedParser.Header parsed = PixelMedParser.readHeaderAt(bytes);
        DicomHeader header = HeaderReader.header(parsed.list());
        checkImage(header);
        TransferSyntaxes.checkDecodable(header, nativeCodecs);
        PixelMedParser.NativePixels nativePixels = PixelMedParser.locateNativePixelData(bytes, parsed.stopOffset(),
                header.transferSyntaxUid());
        AttributeList list;
        PixelUnpacker.Samples samples;
        String photometric;
        int planar;
        if (nativePixels != null) {
            // Native pixel data is read straight from the input: no second parse, no copy.
            list = parsed.list();
            samples = nativeSamples(bytes, nativePixels, header);
            photometric = header.photometricInterpretation();
            planar = header.planarConfiguration();
        } else if (EncapsulatedFrames.handles(header, nativeCodecs)) {
            return decodeEncapsulated(bytes, header, selection);
        } else {
            list = PixelMedParser.readAll(bytes);
            Attribute pixelData = list.getPixelData();
            if (pixelData == null || pixelData.getVL() == 0) {
                throw new DicomCorruptException("object " + header.sopInstanceUid() + " has no PixelData");
            }
            photometric = decodedPhotometric(list, header);
            planar = TransferSyntaxes.isUncompressed(header.transferSyntaxUid())
                    || TransferSyntaxes.RLE.equals(header.transferSyntaxUid()) ? header.planarConfiguration() : 0;
            samples = samples(pixelData, header);
        }
        PixelUnpacker unpacker = new PixelUnpacker(header, photometric, planar, PaletteLut.of(list, header));
        List<Integer> numbers = new ArrayList<>();
        List<DecodedImage> frames = new ArrayList<>();
        List<FrameValues> values = new ArrayList<>();
        for (int index : selection.select(header.frames())) {
            FrameValues v = FunctionalGroups.forFrame(list, header, index);
            frames.add(unpacker.frame(samples, index, v));
            values.add(v);
            numbers.add(index + 1);
        }
        return new DicomImage(header, HeaderReader.identifiers(list), numbers, frames, values);
    }

    private DicomImage decodeEncapsulated(byte[] bytes, DicomHeader header, FrameSelection selection)
            throws DicomReadException {
        AttributeList list = PixelMedParser.readCompressed(bytes);
        boolean rle = TransferSyntaxes.RLE.equals(header.transferSyntaxUid());
        PixelUnpacker unpacker = new PixelUnpacker(header, EncapsulatedFrames.decodedPhotometric(header, nativeCodecs),
                rle && header.samplesPerPixel() == 3 ? 1 : 0, PaletteLut.of(list, header));
        List<Integer> numbers = new ArrayList<>();
        List<DecodedImage> frames = new ArrayList<>();
        List<FrameValues> values = new ArrayList<>();
        for (int index : selection.select(header.frames())) {
            FrameValues v = FunctionalGroups.forFrame(list, header, index);
            frames.add(unpacker.frame(EncapsulatedFrames.frame(list, header, index, nativeCodecs), 0, v));
            values.add(v);
            numbers.add(index + 1);
        }
        return new DicomImage(header, HeaderReader.identifiers(list), numbers, frames, values);
    }

    private void checkSize(long bytes) throws DicomReadException {
        if (bytes == 0) {
            throw new DicomCorruptException("empty input: zero bytes");
        }
        if (bytes > limits.maxFileBytes()) {
            throw new DicomUnsupportedException("object larger than the limit of " + limits.maxFileBytes()
                    + " bytes", null);
        }
    }

    private void checkImage(DicomHeader h) throws DicomReadException {
        if (h.rows() < 1 || h.columns() < 1 || h.bitsAllocated() < 1) {
            throw new DicomCorruptException("not an image: Rows, Columns or BitsAllocated missing"
                    + " (SOP class " + h.sopClassUid() + ")");
        }
        if (h.pixelsPerFrame() > limits.maxPixelsPerFrame() || h.totalSamples() > limits.maxTotalSamples()) {
            throw new DicomUnsupportedException("image of " + h.columns() + "x" + h.rows() + " pixels x "
                    + h.samplesPerPixel() + " samples x " + h.frames() + " frames exceeds the limits ("
                    + limits.maxPixelsPerFrame() + " pixels per frame, " + limits.maxTotalSamples()
                    + " samples)", h.transferSyntaxUid());
        }
    }

    private static String decodedPhotometric(AttributeList list, DicomHeader header) {
        String stored = header.photometricInterpretation();
        if (TransferSyntaxes.isUncompressed(header.transferSyntaxUid())
                || TransferSyntaxes.RLE.equals(header.transferSyntaxUid())) {
            return stored;
        }
        if (header.samplesPerPixel() == 3) {
            // JPEG and JPEG 2000 colour is handed back as RGB by the ImageIO readers.
            return "RGB";
        }
        return stored;
    }

    private static PixelUnpacker.Samples nativeSamples(byte[] bytes, PixelMedParser.NativePixels px, DicomHeader h)
            throws DicomCorruptException {
        if (px.length() == 0) {
            throw new DicomCorruptException("object " + h.sopInstanceUid() + " has empty PixelData");
        }
        return h.bitsAllocated() == 16 ? PixelUnpacker.Samples.ofWords(bytes, px.start(), px.length() / 2, px.bigEndian())
                : PixelUnpacker.Samples.ofBytes(bytes, px.start(), px.length());
    }

    private static PixelUnpacker.Samples samples(Attribute pixelData, DicomHeader header)
            throws DicomReadException {
        try {
            byte[] vr = pixelData.getVR();
            boolean ow = vr != null && vr.length == 2 && vr[0] == 'O' && vr[1] == 'W';
            if (header.bitsAllocated() == 16) {
                short[] s = pixelData.getShortValues();
                if (s != null) {
                    return PixelUnpacker.Samples.ofShorts(s);
                }
            } else if (ow) {
                return PixelUnpacker.Samples.ofPackedBytes(pixelData.getShortValues());
            } else {
                byte[] b = pixelData.getByteValues();
                if (b != null) {
                    return PixelUnpacker.Samples.ofBytes(b);
                }
            }
            throw new DicomCorruptException("PixelData of " + header.sopInstanceUid() + " has no values");
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            throw new DicomUnsupportedException("pixel data could not be decoded (transfer syntax "
                    + header.transferSyntaxUid() + "): " + e.getMessage(), header.transferSyntaxUid());
        } catch (OutOfMemoryError e) {
            throw new DicomUnsupportedException("pixel data too large to decode (transfer syntax "
                    + header.transferSyntaxUid() + ")", header.transferSyntaxUid());
        }
    }
}

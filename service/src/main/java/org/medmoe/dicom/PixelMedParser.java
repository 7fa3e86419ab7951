package org.medmoe.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Parses bytes into a PixelMed {@link AttributeList}, turning every failure of the toolkit
 * (exceptions, and stack or heap exhaustion caused by hostile input) into a
 * {@link DicomCorruptException}. Stateless and thread-safe.
 */
final class PixelMedParser {
    /** SeriesInstanceUID (0020,000E): the last element an identity read needs. */
    private static final int IDENTITY_GROUP = 0x0020;
    private static final int SERIES_UID_ELEMENT = 0x000E;

    private PixelMedParser() {
    }

    /** A header read up to the pixel data, and the offset where the reading stopped. */
    record Header(AttributeList list, long stopOffset) {
    }

    /** Reads the meta header and data set up to, not including, the pixel data. */
    static AttributeList readHeader(byte[] bytes) throws DicomCorruptException {
        return readHeaderAt(bytes).list();
    }

    /** Like {@link #readHeader}, also returning the offset just after the PixelData tag. */
    static Header readHeaderAt(byte[] bytes) throws DicomCorruptException {
        AttributeList list = new AttributeList();
        long offset = guarded(new ByteArrayInputStream(bytes), in -> list.read(in, TagFromName.PixelData));
        return new Header(list, offset);
    }

    /**
     * Reads the data set from {@code source} only until the first element after SeriesInstanceUID
     * (0020,000E), enough to tell which study, series and instance it holds (callers fall back to
     * a full header when a UID is still missing). No pixel decoder is chosen, so an object whose
     * compression no codec here reads is still identified (its decoding fails later, with the
     * reason).
     */
    static AttributeList readIdentity(InputStream source) throws DicomCorruptException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        guarded(source, in -> list.read(in, (partial, tag, offset) -> tag.getGroup() > IDENTITY_GROUP
                || tag.getGroup() == IDENTITY_GROUP && tag.getElement() > SERIES_UID_ELEMENT));
        return list;
    }

    /** One PixelMed read of a stream. */
    @FunctionalInterface
    private interface Read {
        long from(DicomInputStream in) throws IOException, com.pixelmed.dicom.DicomException;
    }

    /** Runs {@code read} on {@code source}, typing every failure of the toolkit. */
    private static long guarded(InputStream source, Read read) throws DicomCorruptException {
        try (DicomInputStream in = new DicomInputStream(source)) {
            return read.from(in);
        } catch (IOException | com.pixelmed.dicom.DicomException e) {
            throw new DicomCorruptException("not a readable DICOM object: " + describe(e), e);
        } catch (RuntimeException e) {
            throw new DicomCorruptException("malformed DICOM object: " + describe(e), e);
        } catch (StackOverflowError e) {
            throw new DicomCorruptException("malformed DICOM object: sequences nested too deep", null);
        } catch (OutOfMemoryError e) {
            throw new DicomCorruptException("malformed DICOM object: an element claims more memory "
                    + "than is available", null);
        } catch (VirtualMachineError | LinkageError e) {
            throw e;
        } catch (Error e) {
            // jai-imageio's JPEG 2000 reader, which the toolkit runs on compressed icons while it reads,
            // throws plain Errors (ThreadDeath, "IO Error when reading tile") on a broken codestream
            throw new DicomCorruptException("malformed DICOM object: a compressed image inside it (an icon) could not"
                    + " be decoded: " + describe(e), e);
        }
    }

    /** Where native pixel data lies in the input: first byte and length. */
    record NativePixels(int start, int length, boolean bigEndian) {
    }

    /**
     * Locates native (uncompressed, not deflated) pixel data of defined length in {@code bytes},
     * given the offset just after its tag; null when the syntax is not native or the element is
     * not where expected. Throws when the element declares more bytes than the input holds: the
     * toolkit would silently hand back a zero-filled tail.
     */
    static NativePixels locateNativePixelData(byte[] bytes, long offset, String transferSyntax)
            throws DicomCorruptException {
        if (!TransferSyntaxes.isUncompressed(transferSyntax) || TransferSyntaxes.DEFLATED_LE.equals(transferSyntax)) {
            return null;
        }
        if (offset < 4 || offset + 8 > bytes.length) {
            return null;
        }
        int at = (int) offset;
        boolean explicit = bytes[at] == 'O' && (bytes[at + 1] == 'W' || bytes[at + 1] == 'B');
        boolean bigEndian = TransferSyntaxes.EXPLICIT_BE.equals(transferSyntax);
        int lengthAt = explicit ? at + 4 : at;
        long length = bigEndian
                ? ((bytes[lengthAt] & 0xFFL) << 24) | ((bytes[lengthAt + 1] & 0xFFL) << 16)
                        | ((bytes[lengthAt + 2] & 0xFFL) << 8) | (bytes[lengthAt + 3] & 0xFFL)
                : ((bytes[lengthAt + 3] & 0xFFL) << 24) | ((bytes[lengthAt + 2] & 0xFFL) << 16)
                        | ((bytes[lengthAt + 1] & 0xFFL) << 8) | (bytes[lengthAt] & 0xFFL);
        long start = lengthAt + 4L;
        if (length == 0xFFFFFFFFL) {
            return null;
        }
        if (start + length > bytes.length) {
            throw new DicomCorruptException("truncated: PixelData declares " + length + " bytes, "
                    + (bytes.length - start) + " present");
        }
        boolean isPixelDataTag = bigEndian
                ? bytes[at - 4] == 0x7F && (bytes[at - 3] & 0xFF) == 0xE0 && bytes[at - 2] == 0x00 && bytes[at - 1] == 0x10
                : (bytes[at - 4] & 0xFF) == 0xE0 && bytes[at - 3] == 0x7F && bytes[at - 2] == 0x10 && bytes[at - 1] == 0x00;
        return isPixelDataTag ? new NativePixels((int) start, (int) length, bigEndian) : null;
    }

    /** Reads the whole object, decompressing pixel data. */
    static AttributeList readAll(byte[] bytes) throws DicomCorruptException {
        return parse(bytes, false);
    }

    /** Reads the whole object, leaving encapsulated pixel data compressed (frame by frame). */
    static AttributeList readCompressed(byte[] bytes) throws DicomCorruptException {
        return read(bytes, false);
    }

    private static AttributeList parse(byte[] bytes, boolean headerOnly) throws DicomCorruptException {
        if (headerOnly) {
            return readHeaderAt(bytes).list();
        }
        return read(bytes, true);
    }

    /** Reads the whole object, decompressing encapsulated pixel data or not; every failure is typed. */
    private static AttributeList read(byte[] bytes, boolean decompress) throws DicomCorruptException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(decompress);
        guarded(new ByteArrayInputStream(bytes), in -> {
            list.read(in);
            return 0;
        });
        return list;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

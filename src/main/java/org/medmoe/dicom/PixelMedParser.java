package org.medmoe.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Parses bytes into a PixelMed {@link AttributeList}, turning every failure of the toolkit
 * (exceptions, and stack or heap exhaustion caused by hostile input) into a
 * {@link DicomCorruptException}. Stateless and thread-safe.
 */
final class PixelMedParser {

    private PixelMedParser() {
    }

    /** Reads the meta header and data set up to, not including, the pixel data. */
    static AttributeList readHeader(byte[] bytes) throws DicomCorruptException {
        return parse(bytes, true);
    }

    /**
     * Throws when native (uncompressed, not deflated) pixel data declares more bytes than the
     * input holds: the toolkit would silently hand back a zero-filled tail.
     */
    static void checkNativePixelDataComplete(byte[] bytes, String transferSyntax) throws DicomCorruptException {
        if (!TransferSyntaxes.isUncompressed(transferSyntax) || TransferSyntaxes.DEFLATED_LE.equals(transferSyntax)) {
            return;
        }
        long offset = pixelDataOffset(bytes);
        if (offset < 0 || offset + 8 > bytes.length) {
            return;
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
        if (length != 0xFFFFFFFFL && start + length > bytes.length) {
            throw new DicomCorruptException("truncated: PixelData declares " + length + " bytes, "
                    + (bytes.length - start) + " present");
        }
    }

    private static long pixelDataOffset(byte[] bytes) {
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bytes))) {
            return new AttributeList().read(in, TagFromName.PixelData);
        } catch (IOException | com.pixelmed.dicom.DicomException | RuntimeException | StackOverflowError e) {
            return -1;
        }
    }

    /** Reads the whole object, decompressing pixel data. */
    static AttributeList readAll(byte[] bytes) throws DicomCorruptException {
        return parse(bytes, false);
    }

    private static AttributeList parse(byte[] bytes, boolean headerOnly) throws DicomCorruptException {
        AttributeList list = new AttributeList();
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bytes))) {
            if (headerOnly) {
                list.read(in, TagFromName.PixelData);
            } else {
                list.read(in);
            }
            return list;
        } catch (IOException | com.pixelmed.dicom.DicomException e) {
            throw new DicomCorruptException("not a readable DICOM object: " + describe(e), e);
        } catch (RuntimeException e) {
            throw new DicomCorruptException("malformed DICOM object: " + describe(e), e);
        } catch (StackOverflowError e) {
            throw new DicomCorruptException("malformed DICOM object: sequences nested too deep", null);
        } catch (OutOfMemoryError e) {
            throw new DicomCorruptException("malformed DICOM object: an element claims more memory "
                    + "than is available", null);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}

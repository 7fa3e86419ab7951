package org.medmoe.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal DICOM Part-10 file (Explicit VR Little Endian meta header, JPEG Extended data set)
 * holding one greyscale JPEG frame, for {@link DcmtkJpeg12Decoder}: only the attributes a decoder
 * needs, no patient data.
 */
final class Jpeg12File {

    private static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    private static final String INSTANCE = "2.25.1";

    private Jpeg12File() {
    }

    /** The file's bytes. */
    static byte[] wrap(byte[] frame, int columns, int rows, int bitsStored, int pixelRepresentation) {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
        element(meta, 0x0002, 0x0002, "UI", uid(SECONDARY_CAPTURE));
        element(meta, 0x0002, 0x0003, "UI", uid(INSTANCE));
        element(meta, 0x0002, 0x0010, "UI", uid(TransferSyntaxes.JPEG_EXTENDED));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        element(out, 0x0002, 0x0000, "UL", le(meta.size(), 4));
        out.writeBytes(meta.toByteArray());
        element(out, 0x0008, 0x0016, "UI", uid(SECONDARY_CAPTURE));
        element(out, 0x0008, 0x0018, "UI", uid(INSTANCE));
        element(out, 0x0028, 0x0002, "US", le(1, 2));
        element(out, 0x0028, 0x0004, "CS", "MONOCHROME2 ".getBytes(StandardCharsets.US_ASCII));
        element(out, 0x0028, 0x0010, "US", le(rows, 2));
        element(out, 0x0028, 0x0011, "US", le(columns, 2));
        element(out, 0x0028, 0x0100, "US", le(16, 2));
        element(out, 0x0028, 0x0101, "US", le(bitsStored, 2));
        element(out, 0x0028, 0x0102, "US", le(bitsStored - 1, 2));
        element(out, 0x0028, 0x0103, "US", le(pixelRepresentation, 2));
        tag(out, 0x7FE0, 0x0010);
        out.writeBytes(new byte[] {'O', 'B', 0, 0});
        out.writeBytes(le(-1, 4));
        item(out, 0xE000, new byte[0]);
        item(out, 0xE000, frame.length % 2 == 0 ? frame : java.util.Arrays.copyOf(frame, frame.length + 1));
        item(out, 0xE0DD, new byte[0]);
        return out.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        tag(out, group, element);
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if ("OB".equals(vr)) {
            out.writeBytes(new byte[2]);
            out.writeBytes(le(value.length, 4));
        } else {
            out.writeBytes(le(value.length, 2));
        }
        out.writeBytes(value);
    }

    private static void item(ByteArrayOutputStream out, int element, byte[] value) {
        tag(out, 0xFFFE, element);
        out.writeBytes(le(value.length, 4));
        out.writeBytes(value);
    }

    private static void tag(ByteArrayOutputStream out, int group, int element) {
        out.writeBytes(le(group, 2));
        out.writeBytes(le(element, 2));
    }

    private static byte[] uid(String uid) {
        String padded = uid.length() % 2 == 0 ? uid : uid + "\0";
        return padded.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] le(int value, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return b;
    }
}

package org.medmoe.testing.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes DICOM Part-10 bytes by hand (explicit VR little endian), to build hostile inputs that
 * no toolkit would write: a huge claimed size, an impossible element length, deep nesting.
 */
public final class DicomBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Appends a string element (UI, CS, ...), padded to even length. */
    public DicomBytes string(int group, int element, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        if (v.length % 2 == 1) {
            byte[] padded = new byte[v.length + 1];
            System.arraycopy(v, 0, padded, 0, v.length);
            padded[v.length] = (byte) ("UI".equals(vr) ? 0 : ' ');
            v = padded;
        }
        return element(group, element, vr, v);
    }

    /** Appends a US element. */
    public DicomBytes us(int group, int element, int value) {
        return element(group, element, "US", le(2).putShort((short) value).array());
    }

    /** Appends an element with a short (2-byte) or long (4-byte) length as the VR requires. */
    public DicomBytes element(int group, int element, String vr, byte[] value) {
        tag(group, element);
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (longLength(vr)) {
            out.writeBytes(new byte[2]);
            out.writeBytes(le(4).putInt(value.length).array());
        } else {
            out.writeBytes(le(2).putShort((short) value.length).array());
        }
        out.writeBytes(value);
        return this;
    }

    /** Appends an element header claiming {@code length} bytes, followed by only {@code actual} bytes. */
    public DicomBytes lyingElement(int group, int element, String vr, long length, int actual) {
        tag(group, element);
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[2]);
        out.writeBytes(le(4).putInt((int) length).array());
        out.writeBytes(new byte[actual]);
        return this;
    }

    /** Appends {@code depth} sequences nested in each other, each with undefined length. */
    public DicomBytes nestedSequences(int group, int element, int depth) {
        for (int i = 0; i < depth; i++) {
            tag(group, element);
            out.writeBytes("SQ".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(new byte[2]);
            out.writeBytes(le(4).putInt(-1).array());
            tag(0xFFFE, 0xE000);
            out.writeBytes(le(4).putInt(-1).array());
        }
        for (int i = 0; i < depth; i++) {
            tag(0xFFFE, 0xE00D);
            out.writeBytes(new byte[4]);
            tag(0xFFFE, 0xE0DD);
            out.writeBytes(new byte[4]);
        }
        return this;
    }

    /** The data set written so far. */
    public byte[] dataSet() {
        return out.toByteArray();
    }

    /** A Part-10 file: preamble, DICM, a meta header naming {@code transferSyntax}, then the data set. */
    public byte[] file(String sopClass, String sopInstance, String transferSyntax) {
        DicomBytes meta = new DicomBytes()
                .element(0x0002, 0x0001, "OB", new byte[] {0, 1})
                .string(0x0002, 0x0002, "UI", sopClass)
                .string(0x0002, 0x0003, "UI", sopInstance)
                .string(0x0002, 0x0010, "UI", transferSyntax);
        byte[] metaBytes = meta.dataSet();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[128]);
        file.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        file.writeBytes(new DicomBytes().element(0x0002, 0x0000, "UL",
                le(4).putInt(metaBytes.length).array()).dataSet());
        file.writeBytes(metaBytes);
        file.writeBytes(dataSet());
        return file.toByteArray();
    }

    private void tag(int group, int element) {
        out.writeBytes(le(4).putShort((short) group).putShort((short) element).array());
    }

    private static boolean longLength(String vr) {
        return switch (vr) {
            case "OB", "OW", "OF", "SQ", "UN", "UT", "UC", "UR", "OD", "OL", "OV" -> true;
            default -> false;
        };
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}

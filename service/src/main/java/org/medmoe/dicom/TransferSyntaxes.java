package org.medmoe.dicom;

import java.util.Map;

/** The transfer syntaxes this service decodes, and the check made before decoding. */
public final class TransferSyntaxes {

    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    static final String DEFLATED_LE = "1.2.840.10008.1.2.1.99";
    static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
    static final String JPEG_LOSSLESS = "1.2.840.10008.1.2.4.57";
    static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    static final String JPEG_2000_LOSSLESS = "1.2.840.10008.1.2.4.90";
    static final String JPEG_2000 = "1.2.840.10008.1.2.4.91";
    static final String RLE = "1.2.840.10008.1.2.5";
    static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
    static final String JPEG_LS_NEAR_LOSSLESS = "1.2.840.10008.1.2.4.81";

    private static final Map<String, String> DECODABLE = Map.ofEntries(
            Map.entry(IMPLICIT_LE, "Implicit VR Little Endian"),
            Map.entry(EXPLICIT_LE, "Explicit VR Little Endian"),
            Map.entry(DEFLATED_LE, "Deflated Explicit VR Little Endian"),
            Map.entry(EXPLICIT_BE, "Explicit VR Big Endian"),
            Map.entry(JPEG_BASELINE, "JPEG Baseline (8-bit)"),
            Map.entry(JPEG_EXTENDED, "JPEG Extended"),
            Map.entry(JPEG_LOSSLESS, "JPEG Lossless"),
            Map.entry(JPEG_LOSSLESS_SV1, "JPEG Lossless SV1"),
            Map.entry(JPEG_2000_LOSSLESS, "JPEG 2000 Lossless"),
            Map.entry(JPEG_2000, "JPEG 2000"),
            Map.entry(RLE, "RLE Lossless"),
            Map.entry(JPEG_LS_LOSSLESS, "JPEG-LS Lossless"),
            Map.entry(JPEG_LS_NEAR_LOSSLESS, "JPEG-LS Near-Lossless"));

    private static final Map<String, String> KNOWN_UNDECODABLE = Map.of(
            "1.2.840.10008.1.2.4.201", "HTJ2K Lossless",
            "1.2.840.10008.1.2.4.202", "HTJ2K Lossless RPCL",
            "1.2.840.10008.1.2.4.203", "HTJ2K");

    private TransferSyntaxes() {
    }

    /** A short name of {@code uid}, or the UID itself when it is not one this service knows. */
    public static String name(String uid) {
        return DECODABLE.getOrDefault(uid, KNOWN_UNDECODABLE.getOrDefault(uid, uid));
    }

    /** True when pixel data in {@code uid} is stored without compression. */
    public static boolean isUncompressed(String uid) {
        return IMPLICIT_LE.equals(uid) || EXPLICIT_LE.equals(uid) || DEFLATED_LE.equals(uid)
                || EXPLICIT_BE.equals(uid);
    }

    /** True when {@code uid} is lossy (values may differ from another decoder's). */
    static boolean isLossy(String uid) {
        return JPEG_BASELINE.equals(uid) || JPEG_EXTENDED.equals(uid) || JPEG_2000.equals(uid)
                || JPEG_LS_NEAR_LOSSLESS.equals(uid);
    }

    /** True for the JPEG-LS transfer syntaxes. */
    static boolean isJpegLs(String uid) {
        return JPEG_LS_LOSSLESS.equals(uid) || JPEG_LS_NEAR_LOSSLESS.equals(uid);
    }

    /**
     * Throws when pixel data of this header cannot be decoded here, where {@code nativeCodecs}
     * says whether the native decoders of {@link NativeCodecs} may be used; says why.
     */
    static void checkDecodable(DicomHeader h, boolean nativeCodecs) throws DicomUnsupportedException {
        String ts = h.transferSyntaxUid();
        if (!DECODABLE.containsKey(ts)) {
            String name = KNOWN_UNDECODABLE.getOrDefault(ts, "unknown or video transfer syntax");
            throw new DicomUnsupportedException("transfer syntax " + ts + " (" + name
                    + ") is not decodable by this service", ts);
        }
        if (isJpegLs(ts) && (!nativeCodecs || NativeCodecs.charLs() == null)) {
            throw new DicomUnsupportedException("transfer syntax " + ts + " (" + name(ts) + ") is not decodable by"
                    + " this service: JPEG-LS needs CharLS (JPEG-LS decoder: " + NativeCodecs.jpegLsDecoder() + ")", ts);
        }
        if (JPEG_EXTENDED.equals(ts) && h.bitsStored() > 8) {
            String why = h.samplesPerPixel() != 1 || h.bitsStored() > 12 ? "only greyscale of 9 to 12 bits is"
                    : !nativeCodecs || NativeCodecs.jpeg12() == null ? "no decoder of 12-bit JPEG is available ("
                    + NativeCodecs.jpeg12Decoder() + ")" : null;
            if (why != null) {
                throw new DicomUnsupportedException("transfer syntax " + ts + " (JPEG Extended) with "
                        + h.bitsStored() + "-bit samples is not decodable by this service: " + why, ts);
            }
        }
        if (h.bitsAllocated() != 8 && h.bitsAllocated() != 16) {
            throw new DicomUnsupportedException(h.bitsAllocated() + "-bit pixel data (transfer syntax "
                    + ts + ") is not decodable by this service", ts);
        }
        String pi = h.photometricInterpretation() == null ? "" : h.photometricInterpretation();
        if (isUncompressed(ts) && pi.startsWith("YBR") && pi.endsWith("_422")) {
            throw new DicomUnsupportedException("uncompressed " + pi + " (chroma subsampled, transfer syntax "
                    + ts + ") is not decodable by this service", ts);
        }
        if (h.samplesPerPixel() != 1 && h.samplesPerPixel() != 3) {
            throw new DicomUnsupportedException(h.samplesPerPixel() + " samples per pixel (transfer syntax "
                    + ts + ") is not supported", ts);
        }
    }
}

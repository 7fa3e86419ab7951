package org.medmoe.dicom;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The part of libjpeg-turbo's TurboJPEG API (libturbojpeg, version 2.x) that decoding one 8-bit
 * JPEG image from memory needs, mapped by JNA. {@code unsigned long} is mapped to {@code long}:
 * 64-bit Linux only, which {@link NativeCodecs} checks before loading it. Used only by
 * {@link TurboJpegDecoder}.
 */
interface TurboJpegLibrary extends Library {

    /** {@code TJPF_RGB}: 3 bytes per pixel, R, G, B. */
    int PF_RGB = 0;
    /** {@code TJPF_GRAY}: 1 byte per pixel. */
    int PF_GRAY = 6;
    /** {@code TJFLAG_ACCURATEDCT}: the accurate integer inverse DCT (libjpeg's default, ISLOW). */
    int FLAG_ACCURATEDCT = 4096;
    /** {@code TJFLAG_STOPONWARNING}: a warning (corrupt or truncated data) is an error. */
    int FLAG_STOPONWARNING = 8192;

    Pointer tjInitDecompress();

    int tjDecompressHeader3(Pointer handle, byte[] jpeg, long jpegSize, int[] width, int[] height,
            int[] subsampling, int[] colorspace);

    int tjDecompress2(Pointer handle, byte[] jpeg, long jpegSize, byte[] destination, int width, int pitch,
            int height, int pixelFormat, int flags);

    String tjGetErrorStr2(Pointer handle);

    int tjDestroy(Pointer handle);
}

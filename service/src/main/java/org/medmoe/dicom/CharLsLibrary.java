package org.medmoe.dicom;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The part of CharLS's C API (libcharls, version 2.x; Debian's {@code libcharls2}) that decoding
 * one JPEG-LS image from memory needs, mapped by JNA. {@code size_t} is mapped to {@code long}:
 * 64-bit Linux only, which {@link NativeCodecs} checks before loading it. Every function but the
 * version and message ones returns a {@code charls_jpegls_errc}, 0 on success. Used only by
 * {@link CharLsDecoder}.
 */
interface CharLsLibrary extends Library {

    /** {@code CHARLS_INTERLEAVE_MODE_NONE}: one plane per component. */
    int INTERLEAVE_NONE = 0;

    void charls_get_version_number(int[] major, int[] minor, int[] patch);

    String charls_get_error_message(int error);

    Pointer charls_jpegls_decoder_create();

    void charls_jpegls_decoder_destroy(Pointer decoder);

    /** The decoder keeps {@code source}: it must stay allocated until the decoder is destroyed. */
    int charls_jpegls_decoder_set_source_buffer(Pointer decoder, Pointer source, long size);

    int charls_jpegls_decoder_read_header(Pointer decoder);

    /** {@code info}: width, height (uint32), bits per sample, component count (int32). */
    int charls_jpegls_decoder_get_frame_info(Pointer decoder, int[] info);

    int charls_jpegls_decoder_get_interleave_mode(Pointer decoder, int[] mode);

    int charls_jpegls_decoder_get_destination_size(Pointer decoder, int stride, long[] size);

    int charls_jpegls_decoder_decode_to_buffer(Pointer decoder, byte[] destination, long size, int stride);
}

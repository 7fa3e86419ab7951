package org.medmoe.dicom;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The part of OpenJPEG's C API (libopenjp2, version 2.x) that decoding a codestream from memory
 * needs, mapped by JNA. {@code OPJ_SIZE_T} and {@code OPJ_OFF_T} are 64-bit ({@code long}) and
 * {@code OPJ_BOOL} is a 32-bit {@code int}: this mapping is for 64-bit platforms only, which
 * {@link NativeCodecs} checks before loading it. Used only by {@link OpenJpegDecoder}.
 */
interface OpenJpegLibrary extends Library {

    /** {@code OPJ_CODEC_J2K}: a raw JPEG 2000 codestream. */
    int CODEC_J2K = 0;
    /** {@code OPJ_CODEC_JP2}: a JP2 file (boxes around the codestream). */
    int CODEC_JP2 = 2;
    /** Bytes reserved for {@code opj_dparameters_t} (8252 bytes in OpenJPEG 2.5). */
    int DPARAMETERS_BYTES = 16 * 1024;
    /** {@code sizeof(opj_image_comp_t)} on LP64. */
    int COMP_BYTES = 64;
    /** Offset of {@code data} in {@code opj_image_comp_t} on LP64. */
    int COMP_DATA_OFFSET = 48;
    /** Offset of {@code comps} in {@code opj_image_t} on LP64. */
    int IMAGE_COMPS_OFFSET = 24;

    /** {@code opj_stream_read_fn}: returns the bytes copied, or -1 at the end. */
    interface ReadFunction extends Callback {
        long invoke(Pointer buffer, long bytes, Pointer userData);
    }

    /** {@code opj_stream_skip_fn}: returns the bytes skipped, or -1. */
    interface SkipFunction extends Callback {
        long invoke(long bytes, Pointer userData);
    }

    /** {@code opj_stream_seek_fn}: returns 1 on success, 0 otherwise. */
    interface SeekFunction extends Callback {
        int invoke(long position, Pointer userData);
    }

    /** {@code opj_msg_callback}. */
    interface MessageFunction extends Callback {
        void invoke(String message, Pointer clientData);
    }

    String opj_version();

    Pointer opj_create_decompress(int format);

    void opj_destroy_codec(Pointer codec);

    void opj_set_default_decoder_parameters(Pointer parameters);

    int opj_setup_decoder(Pointer codec, Pointer parameters);

    int opj_set_error_handler(Pointer codec, MessageFunction handler, Pointer clientData);

    int opj_set_warning_handler(Pointer codec, MessageFunction handler, Pointer clientData);

    int opj_set_info_handler(Pointer codec, MessageFunction handler, Pointer clientData);

    Pointer opj_stream_create(long bufferSize, int isInput);

    void opj_stream_destroy(Pointer stream);

    void opj_stream_set_read_function(Pointer stream, ReadFunction function);

    void opj_stream_set_skip_function(Pointer stream, SkipFunction function);

    void opj_stream_set_seek_function(Pointer stream, SeekFunction function);

    void opj_stream_set_user_data(Pointer stream, Pointer data, Pointer freeFunction);

    void opj_stream_set_user_data_length(Pointer stream, long length);

    int opj_read_header(Pointer stream, Pointer codec, PointerByReference image);

    int opj_decode(Pointer codec, Pointer stream, Pointer image);

    int opj_end_decompress(Pointer codec, Pointer stream);

    void opj_image_destroy(Pointer image);
}

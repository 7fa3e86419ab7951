package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JPEG-LS preset coding parameters that make CharLS abort the process, on pydicom's
 * MR_small_jpeg_ls_lossless.dcm (64 x 64, 16 bits, an LSE segment with MAXVAL 65535 and RESET 64).
 */
class JpegLsPresetsTest {

    /** Offsets in the sample's frame: SOI, SOF55 (11 bytes), then LSE: ID, MAXVAL, T1, T2, T3, RESET. */
    private static final int LSE = 15;
    private static final int MAXVAL = LSE + 5;
    private static final int RESET = LSE + 13;

    private final DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
    private EncapsulatedSample sample;
    private byte[] frame;

    @BeforeEach
    void loadSample() throws Exception {
        assumeThat(NativeCodecs.charLs()).as(NativeCodecs.jpegLsDecoder()).isNotNull();
        sample = new EncapsulatedSample("MR_small_jpeg_ls_lossless.dcm", new byte[] {(byte) 0xFF, (byte) 0xD8,
            (byte) 0xFF, (byte) 0xF7});
        frame = sample.frame();
        assertThat(frame[LSE] & 0xFF).isEqualTo(0xFF);
        assertThat(frame[LSE + 1] & 0xFF).isEqualTo(0xF8);
    }

    private static byte[] withPresets(byte[] frame, int maxval, int reset) {
        byte[] out = Arrays.copyOf(frame, frame.length);
        out[MAXVAL] = (byte) (maxval >> 8);
        out[MAXVAL + 1] = (byte) maxval;
        out[RESET] = (byte) (reset >> 8);
        out[RESET + 1] = (byte) reset;
        return out;
    }

    @Test
    void shouldDecodeTheSampleWithItsOwnPresets() throws Exception {
        DicomImage image = reader.decode(sample.withFrame(frame), FrameSelection.first());

        assertThat(image.frames().get(0).width()).isEqualTo(64);
    }

    @Test
    void shouldRefuseAResetThatOverflowsTheDecodersCountersInsteadOfAbortingTheProcess() {
        // Given the sample with MAXVAL 65475 and RESET 42496: legal in T.87, and CharLS aborts on it (k <= 32)
        byte[] hostile = withPresets(frame, 0xFFC3, 0xA600);

        // When it is read, Then the refusal is typed and names the parameters (and this JVM is still here)
        assertThatThrownBy(() -> reader.decode(sample.withFrame(hostile), FrameSelection.first()))
                .isInstanceOf(DicomCorruptException.class).hasMessageContaining("RESET 42496")
                .hasMessageContaining("MAXVAL 65475");
    }

    @Test
    void shouldDrawTheLineWhereTheCountersPass2To31() {
        // 32767 x 65536 = 2^31 - 65536 stays; 32768 x 65536 = 2^31 does not
        assertThatCode(() -> CharLsDecoder.checkPresets(withPresets(frame, 0xFFFF, 32767), 16)).doesNotThrowAnyException();
        assertThatThrownBy(() -> CharLsDecoder.checkPresets(withPresets(frame, 0xFFFF, 32768), 16))
                .isInstanceOf(DicomCorruptException.class);
        // zeros mean the defaults: MAXVAL 2^P - 1 and RESET 64
        assertThatCode(() -> CharLsDecoder.checkPresets(withPresets(frame, 0, 0), 16)).doesNotThrowAnyException();
        assertThatThrownBy(() -> CharLsDecoder.checkPresets(withPresets(frame, 0, 0xFFFF), 16))
                .isInstanceOf(DicomCorruptException.class).hasMessageContaining("MAXVAL 65535");
    }
}

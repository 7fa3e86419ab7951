package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile JPEG frames through the native (TurboJPEG) path: each must end in a
 * {@link DicomCorruptException}, quickly, and the JVM must live on. The frames are made from the
 * real {@code SC_rgb_jpeg_dcmtk.dcm} (100 x 100 YBR_FULL baseline JPEG), rewrapped in its own file.
 */
class NativeHostileJpegTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final byte[] SOI = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    private final DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
    private EncapsulatedSample sample;
    private byte[] jpeg;

    @BeforeEach
    void loadSample() throws Exception {
        assumeThat(NativeCodecs.turboJpeg()).as("libturbojpeg loaded").isNotNull();
        sample = new EncapsulatedSample("SC_rgb_jpeg_dcmtk.dcm", SOI);
        jpeg = sample.frame();
    }

    @Test
    void shouldDecodeTheUntouchedRewrappedSample() throws Exception {
        DicomImage image = reader.decode(sample.withFrame(jpeg), FrameSelection.first());

        assertThat(image.frames().get(0).width()).isEqualTo(100);
    }

    @Test
    void shouldRejectATruncatedFrameAsCorrupt() {
        for (int length : new int[] {4, 100, 300, jpeg.length / 2, jpeg.length - 10}) {
            assertThat(decode(sample.withFrame(Arrays.copyOf(jpeg, length))))
                    .as("frame cut at %d of %d", length, jpeg.length).isInstanceOf(DicomCorruptException.class);
        }
    }

    @Test
    void shouldRejectAStartOfFrameClaimingAHugeImageBeforeAllocating() {
        byte[] huge = jpeg.clone();
        int sof = EncapsulatedSample.indexOf(huge, new byte[] {(byte) 0xFF, (byte) 0xC0}, 2);
        // 60000 x 60000: under libjpeg's own limit of 65500, so the check against the header refuses it.
        huge[sof + 5] = (byte) 0xEA;
        huge[sof + 6] = (byte) 0x60;
        huge[sof + 7] = (byte) 0xEA;
        huge[sof + 8] = (byte) 0x60;

        assertThat(decode(sample.withFrame(huge))).isInstanceOf(DicomCorruptException.class)
                .hasMessageContaining("claims 60000x60000 pixels");
    }

    @Test
    void shouldRejectRandomBytesAfterTheScanHeaderAsCorrupt() {
        int sos = EncapsulatedSample.indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xDA}, 2);
        int data = sos + 2 + ((jpeg[sos + 2] & 0xFF) << 8 | (jpeg[sos + 3] & 0xFF));
        for (long seed = 1; seed <= 5; seed++) {
            byte[] noisy = jpeg.clone();
            byte[] noise = new byte[noisy.length - 2 - data];
            new Random(seed).nextBytes(noise);
            System.arraycopy(noise, 0, noisy, data, noise.length);
            assertThat(decode(sample.withFrame(noisy))).as("seed %d", seed).isInstanceOf(DicomCorruptException.class);
        }
    }

    @Test
    void shouldNameTurboJpegsOwnErrorInTheException() {
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);

        assertThatThrownBy(() -> NativeCodecs.turboJpeg().decode(truncated, 100, 100, 3))
                .isInstanceOf(DicomCorruptException.class).hasMessageContaining("TurboJPEG failed to decode");
    }

    private Throwable decode(byte[] bytes) {
        return assertTimeoutPreemptively(BOUND, () -> {
            try {
                reader.decode(bytes, FrameSelection.first());
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
    }
}

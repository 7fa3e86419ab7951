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
 * Hostile JPEG 2000 codestreams through the native (OpenJPEG) path: each must end in a
 * {@link DicomCorruptException}, quickly, and the JVM must live on. The codestreams are made from
 * the real {@code MR_small_jp2klossless.dcm} (64 x 64, 16-bit signed), rewrapped in its own file.
 */
class NativeHostileCodestreamTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
    private EncapsulatedSample sample;
    private byte[] codestream;

    @BeforeEach
    void loadSample() throws Exception {
        assumeThat(NativeCodecs.openJpeg()).as("libopenjp2 loaded").isNotNull();
        sample = new EncapsulatedSample("MR_small_jp2klossless.dcm", new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51});
        codestream = sample.frame();
    }

    private byte[] withFrame(byte[] frame) {
        return sample.withFrame(frame);
    }

    @Test
    void shouldDecodeTheUntouchedRewrappedSample() throws Exception {
        DicomImage image = reader.decode(withFrame(codestream), FrameSelection.first());

        assertThat(image.frames().get(0).width()).isEqualTo(64);
    }

    @Test
    void shouldRejectATruncatedCodestreamAsCorrupt() {
        for (int length : new int[] {20, 60, 120, codestream.length / 2, codestream.length - 40}) {
            byte[] truncated = Arrays.copyOf(codestream, length);
            assertThat(decode(withFrame(truncated))).as("codestream cut at %d of %d", length, codestream.length)
                    .isInstanceOf(DicomCorruptException.class);
        }
    }

    @Test
    void shouldRejectASizMarkerClaimingAHugeImageBeforeDecoding() {
        byte[] huge = codestream.clone();
        putBe32(huge, 8, 0x7FFFFFFF);
        putBe32(huge, 12, 0x7FFFFFFF);

        assertThat(decode(withFrame(huge))).isInstanceOf(DicomCorruptException.class)
                .hasMessageContaining("claims 2147483647x2147483647 pixels");
    }

    @Test
    void shouldRejectASizMarkerClaimingOneTilePerPixelOrThousandsOfComponents() {
        byte[] tiny = codestream.clone();
        putBe32(tiny, 24, 1);
        putBe32(tiny, 28, 1);
        assertThat(decode(withFrame(tiny))).isInstanceOf(DicomCorruptException.class).hasMessageContaining("4096 tiles");

        byte[] components = codestream.clone();
        components[40] = 0x40;
        components[41] = 0x00;
        assertThat(decode(withFrame(components))).isInstanceOf(DicomCorruptException.class)
                .hasMessageContaining("16384 components");
    }

    @Test
    void shouldRejectRandomBytesAfterAValidMainHeaderAsCorrupt() {
        int firstTile = EncapsulatedSample.indexOf(codestream, new byte[] {(byte) 0xFF, (byte) 0x90}, 0);
        for (long seed = 1; seed <= 5; seed++) {
            byte[] noisy = codestream.clone();
            byte[] noise = new byte[noisy.length - firstTile];
            new Random(seed).nextBytes(noise);
            System.arraycopy(noise, 0, noisy, firstTile, noise.length);
            assertThat(decode(withFrame(noisy))).as("seed %d", seed).isInstanceOf(DicomCorruptException.class);
        }
    }

    @Test
    void shouldNameOpenJpegsOwnErrorInTheException() {
        byte[] truncated = Arrays.copyOf(codestream, codestream.length / 2);

        assertThatThrownBy(() -> NativeCodecs.openJpeg().decode(truncated, 64, 64, 1))
                .isInstanceOf(DicomCorruptException.class).hasMessageContaining("OpenJPEG failed to");
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

    private static void putBe32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}

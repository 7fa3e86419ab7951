package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medmoe.testing.dicom.DebianSamples;

/**
 * Hostile JPEG 2000 codestreams through the native (OpenJPEG) path: each must end in a
 * {@link DicomCorruptException}, quickly, and the JVM must live on. The codestreams are made from
 * the real {@code MR_small_jp2klossless.dcm} (64 x 64, 16-bit signed), rewrapped in its own file.
 */
class NativeHostileCodestreamTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());
    private byte[] file;
    private int fragmentStart;
    private byte[] codestream;

    @BeforeEach
    void loadSample() throws Exception {
        assumeThat(NativeCodecs.openJpeg()).as("libopenjp2 loaded").isNotNull();
        file = Files.readAllBytes(DebianSamples.pydicom("MR_small_jp2klossless.dcm"));
        fragmentStart = indexOf(file, new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51});
        int length = le32(file, fragmentStart - 4);
        codestream = Arrays.copyOfRange(file, fragmentStart, fragmentStart + length);
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
        int firstTile = indexOf(codestream, new byte[] {(byte) 0xFF, (byte) 0x90});
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

    /** The sample file with its one fragment replaced by {@code frame}, then the sequence delimiter. */
    private byte[] withFrame(byte[] frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(file, 0, fragmentStart - 4);
        int padded = frame.length + (frame.length & 1);
        out.write(new byte[] {(byte) padded, (byte) (padded >> 8), (byte) (padded >> 16), (byte) (padded >> 24)}, 0, 4);
        out.write(frame, 0, frame.length);
        if ((frame.length & 1) == 1) {
            out.write(0);
        }
        out.write(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0}, 0, 8);
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("marker not found");
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static void putBe32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}

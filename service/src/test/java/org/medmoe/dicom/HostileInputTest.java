package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.medmoe.testing.dicom.DebianSamples;
import org.medmoe.testing.dicom.DicomBytes;

/**
 * Hostile inputs: each must end in a typed {@link DicomReadException}, quickly, without
 * allocating what the input claims.
 */
class HostileInputTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String SC = "1.2.840.10008.5.1.4.1.1.7";
    private static final String UID = "1.2.3.4.5.6.7.8.9";

    private final DicomImageReader reader = new DicomImageReader(DecodeLimits.defaults());

    private Throwable decode(byte[] bytes) {
        return assertTimeoutPreemptively(BOUND, () -> {
            long before = usedHeap();
            try {
                reader.decode(bytes, FrameSelection.first());
                return null;
            } catch (Throwable t) {
                assertThat(usedHeap() - before).as("heap growth").isLessThan(256L << 20);
                return t;
            }
        });
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static DicomBytes image(int rows, int columns) {
        return new DicomBytes()
                .string(0x0008, 0x0016, "UI", SC)
                .string(0x0008, 0x0018, "UI", UID)
                .string(0x0008, 0x0060, "CS", "OT")
                .us(0x0028, 0x0002, 1)
                .string(0x0028, 0x0004, "CS", "MONOCHROME2")
                .us(0x0028, 0x0010, rows)
                .us(0x0028, 0x0011, columns)
                .us(0x0028, 0x0100, 16)
                .us(0x0028, 0x0101, 16)
                .us(0x0028, 0x0102, 15)
                .us(0x0028, 0x0103, 0);
    }

    @Test
    void shouldRejectZeroLengthInputAsCorrupt() {
        assertThat(decode(new byte[0])).isInstanceOf(DicomCorruptException.class).hasMessageContaining("zero bytes");
    }

    @Test
    void shouldRejectRandomBytesAsCorrupt() {
        byte[] noise = new byte[64 * 1024];
        new Random(42).nextBytes(noise);
        assertThat(decode(noise)).isInstanceOf(DicomCorruptException.class);
    }

    @Test
    void shouldRejectTruncatedFileAsCorrupt() throws Exception {
        byte[] ct = Files.readAllBytes(DebianSamples.pydicom("CT_small.dcm"));
        for (int length : new int[] {10, 132, 600, ct.length / 2, ct.length - 1000}) {
            assertThat(decode(Arrays.copyOf(ct, length))).as("truncated at %d of %d", length, ct.length)
                    .isInstanceOf(DicomCorruptException.class);
        }
        assertThat(decode(Arrays.copyOf(ct, ct.length - 1000)))
                .hasMessageContaining("truncated: PixelData declares 32768 bytes");
    }

    @Test
    void shouldRejectHeaderClaiming65535SquarePixelsBeforeAllocating() {
        byte[] file = image(65535, 65535).element(0x7FE0, 0x0010, "OW", new byte[16])
                .file(SC, UID, TransferSyntaxes.EXPLICIT_LE);
        assertThat(decode(file)).isInstanceOf(DicomUnsupportedException.class)
                .hasMessageContaining("65535x65535").hasMessageContaining("limits");
    }

    @Test
    void shouldRejectElementClaimingGigabytesAsCorrupt() {
        byte[] file = image(8, 8).lyingElement(0x7FE0, 0x0010, "OW", 0xFFFFFFF0L, 128)
                .file(SC, UID, TransferSyntaxes.EXPLICIT_LE);
        assertThat(decode(file)).isInstanceOf(DicomReadException.class);
    }

    @Test
    void shouldRejectWrongTransferSyntaxWithATypedError() throws Exception {
        byte[] ct = Files.readAllBytes(DebianSamples.pydicom("CT_small.dcm"));
        byte[] explicitLe = "1.2.840.10008.1.2.1\0".getBytes(StandardCharsets.US_ASCII);
        byte[] bigEndian = "1.2.840.10008.1.2.2\0".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(ct, explicitLe);
        assertThat(at).isPositive();
        System.arraycopy(bigEndian, 0, ct, at, bigEndian.length);
        assertThat(decode(ct)).isInstanceOf(DicomReadException.class);
    }

    @Test
    void shouldRejectSequencesNestedThousandsDeepAsCorrupt() {
        byte[] file = image(8, 8).nestedSequences(0x0040, 0xA730, 20_000)
                .element(0x7FE0, 0x0010, "OW", new byte[128]).file(SC, UID, TransferSyntaxes.EXPLICIT_LE);
        Throwable t = decode(file);
        assertThat(t).isInstanceOf(DicomReadException.class);
    }

    @Test
    void shouldDecodeTheHandWrittenImageWhenNothingIsWrong() throws Exception {
        byte[] pixels = new byte[128];
        pixels[2] = 7;
        byte[] file = image(8, 8).element(0x7FE0, 0x0010, "OW", pixels).file(SC, UID, TransferSyntaxes.EXPLICIT_LE);
        DicomImage image = reader.decode(file, FrameSelection.first());
        assertThat(image.frames().get(0).samples()[1]).isEqualTo(7f);
    }

    @Test
    void shouldDecodeOrRejectCompressedFramesWithDamagedBytes() throws Exception {
        for (String name : new String[] {"JPEG2000.dcm", "MR_small_RLE.dcm", "SC_rgb_rle.dcm", "SC_rgb_jpeg_dcmtk.dcm",
                "MR_small_jp2klossless.dcm"}) {
            byte[] original = Files.readAllBytes(DebianSamples.pydicom(name));
            Random random = new Random(7);
            for (int trial = 0; trial < 20; trial++) {
                byte[] damaged = original.clone();
                int from = damaged.length * 3 / 4;
                for (int i = 0; i < 16; i++) {
                    damaged[from + random.nextInt(damaged.length - from)] ^= (byte) (1 + random.nextInt(255));
                }
                Throwable t = decode(damaged);
                assertThat(t == null || t instanceof DicomReadException).as("%s trial %d: %s", name, trial, t).isTrue();
            }
            assertThat(decode(Arrays.copyOf(original, original.length * 2 / 3))).as(name + " cut short")
                    .isInstanceOf(DicomReadException.class);
        }
    }

    @Test
    void shouldNameTheTransferSyntaxOfUndecodableFiles() {
        // JPEG-LS has no Java decoder: with the native decoders off it is refused, naming its syntax.
        DicomImageReader javaOnly = new DicomImageReader(DecodeLimits.defaults(), false);
        assertThatThrownBy(() -> javaOnly.read(DebianSamples.pydicom("MR_small_jpeg_ls_lossless.dcm"),
                FrameSelection.first()))
                .isInstanceOfSatisfying(DicomUnsupportedException.class,
                        e -> assertThat(e.transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.4.80"))
                .hasMessageContaining("1.2.840.10008.1.2.4.80").hasMessageContaining("JPEG-LS needs CharLS");
        assertThatThrownBy(() -> javaOnly.read(DebianSamples.pydicom("JPGExtended.dcm"), FrameSelection.first()))
                .isInstanceOf(DicomUnsupportedException.class).hasMessageContaining("1.2.840.10008.1.2.4.51")
                .hasMessageContaining("no decoder of 12-bit JPEG");
    }

    @Test
    void shouldRefuseAFileWhoseIconHoldsABrokenJpeg2000Codestream() throws Exception {
        // Given pydicom's MR_small_jp2klossless.dcm with an icon whose JPEG 2000 codestream is cut short (the toolkit
        // decodes icons while it reads, and its JPEG 2000 reader throws a plain Error on them, here ThreadDeath)
        for (String name : new String[] {"icon-j2k-trunc-header", "icon-j2k-trunc-half"}) {
            byte[] bytes;
            try (var in = getClass().getResourceAsStream("/fuzz/dicom-reader/" + name)) {
                bytes = in.readAllBytes();
            }
            // When it is read, Then the refusal is typed and says what failed
            assertThat(decode(bytes)).as(name).isInstanceOf(DicomCorruptException.class)
                    .hasMessageContaining("an icon").hasMessageContaining("could not be decoded");
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

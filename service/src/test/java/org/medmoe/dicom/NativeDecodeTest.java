package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medmoe.imaging.DecodedImage;
import org.medmoe.testing.dicom.DebianSamples;

/**
 * The native paths (OpenJPEG, TurboJPEG) against the Java fallback (jai-imageio; the JDK's JPEG
 * reader and PixelMed) on every JPEG 2000 and JPEG file Debian's python3-pydicom ships: the same
 * decoded samples for JPEG 2000 Lossless, samples within 1 of each other for the lossy syntaxes
 * (the two JPEG 2000 decoders round the irreversible wavelet differently); or the same typed
 * failure.
 */
class NativeDecodeTest {

    /**
     * A JP2 frame whose tile-parts are not conformant (TPsot == TNsot; OpenJPEG warns, Pillow
     * refuses it, so pydicom has no reference): OpenJPEG decodes clean flat grey and coloured text,
     * jai-imageio leaves ringing around the text in some tiles. Checked here to decode, not to be
     * equal.
     */
    private static final String DIVERGENT = "GDCMJ2K_TextGBR.dcm";

    private final DicomImageReader nativeReader = new DicomImageReader(DecodeLimits.defaults());
    private final DicomImageReader javaReader = new DicomImageReader(DecodeLimits.defaults(), false);

    @Test
    void shouldLoadOpenJpegWhenLibopenjp2IsInstalled() {
        assertThat(NativeCodecs.jpeg2000Decoder()).startsWith("OpenJPEG 2.");
        assertThat(NativeCodecs.openJpeg()).isNotNull();
    }

    @Test
    void shouldLoadTurboJpegWhenLibturbojpegIsInstalled() {
        assertThat(NativeCodecs.jpegDecoder()).startsWith("libjpeg-turbo");
        assertThat(NativeCodecs.turboJpeg()).isNotNull();
    }

    @Test
    void shouldDecodeJpeg2000AndJpegFilesNativelyToTheSamePixelsAsTheJavaFallback() throws Exception {
        assumeThat(NativeCodecs.openJpeg()).as("libopenjp2 loaded").isNotNull();
        assumeThat(NativeCodecs.turboJpeg()).as("libturbojpeg loaded").isNotNull();
        List<String> compared = new ArrayList<>();
        for (Path file : DebianSamples.pydicom()) {
            DicomHeader header = headerOrNull(file);
            if (header == null || !header.transferSyntaxUid().matches("1\\.2\\.840\\.10008\\.1\\.2\\.4\\.(9[01]|5[01])")) {
                continue;
            }
            String name = file.getFileName().toString();
            DicomImage viaJava;
            try {
                viaJava = javaReader.read(file, FrameSelection.first());
            } catch (DicomReadException e) {
                if (header.transferSyntaxUid().endsWith(".4.51") && header.bitsStored() > 8) {
                    // 12-bit JPEG has only a native decoder (dcmtk); DecodeAgainstPydicomTest compares it with GDCM.
                    assertThat(e).as(name).isInstanceOf(DicomUnsupportedException.class);
                    assertThat(catchRead(file)).as(name + ": decoded natively").isNull();
                    continue;
                }
                assertThat(catchRead(file)).as(name + ": native failure when Java fails with " + e)
                        .isInstanceOf(e.getClass());
                continue;
            }
            DicomImage viaNative = nativeReader.read(file, FrameSelection.first());
            DecodedImage j = viaJava.frames().get(0);
            DecodedImage n = viaNative.frames().get(0);
            assertThat(n.width()).as(name).isEqualTo(j.width());
            assertThat(n.height()).as(name).isEqualTo(j.height());
            assertThat(n.channels()).as(name).isEqualTo(j.channels());
            if (DIVERGENT.equals(name)) {
                continue;
            }
            float tolerance = TransferSyntaxes.isLossy(header.transferSyntaxUid()) ? 1f : 0f;
            assertThat(firstDifference(n.samples(), j.samples(), tolerance)).as(name + ": first differing sample")
                    .isEqualTo(-1);
            compared.add(name);
        }
        assertThat(compared).as("JPEG 2000 and JPEG files compared").hasSizeGreaterThanOrEqualTo(15);
    }

    private Throwable catchRead(Path file) {
        try {
            nativeReader.read(file, FrameSelection.first());
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private DicomHeader headerOrNull(Path file) {
        try {
            return nativeReader.readHeader(java.nio.file.Files.readAllBytes(file));
        } catch (Exception e) {
            return null;
        }
    }

    private static int firstDifference(float[] a, float[] b, float tolerance) {
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= tolerance)) {
                return i;
            }
        }
        return -1;
    }
}

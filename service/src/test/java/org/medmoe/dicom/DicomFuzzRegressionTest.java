package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medmoe.testing.fuzz.FuzzReplay;

/** The short regression run of the DICOM fuzz targets ({@link DicomFuzzTargets}, {@link FuzzReplay}). */
class DicomFuzzRegressionTest {

    static Map<String, Map<String, byte[]>> seeds;

    @BeforeAll
    static void seedsFromRealFiles() throws IOException {
        seeds = DicomFuzzTargets.seeds();
        // The codec targets exercise the native decoders: they must be loaded, or the run proves nothing.
        assertThat(NativeCodecs.charLs()).as(NativeCodecs.jpegLsDecoder()).isNotNull();
        assertThat(NativeCodecs.turboJpeg()).as(NativeCodecs.jpegDecoder()).isNotNull();
        assertThat(NativeCodecs.openJpeg()).as(NativeCodecs.jpeg2000Decoder()).isNotNull();
        assertThat(NativeCodecs.jpeg12()).as(NativeCodecs.jpeg12Decoder()).isNotNull();
    }

    @Test
    void theReaderHandlesEverySeedFindingAndMutation() {
        assertThat(seeds.get("dicom-reader")).hasSizeGreaterThan(50);
        assertThat(FuzzReplay.replay("dicom-reader", DicomFuzzTargets.Reader::fuzzerTestOneInput,
                seeds.get("dicom-reader"), 3)).isGreaterThan(200);
    }

    @Test
    void eachCodecHandlesEverySeedFindingAndMutation() {
        Map<String, FuzzReplay.Target> codecs = Map.of("jpeg-ls", DicomFuzzTargets.JpegLs::fuzzerTestOneInput,
                "jpeg", DicomFuzzTargets.Jpeg::fuzzerTestOneInput, "jpeg2000", DicomFuzzTargets.Jpeg2000::fuzzerTestOneInput,
                "rle", DicomFuzzTargets.Rle::fuzzerTestOneInput);
        codecs.forEach((name, target) -> {
            assertThat(seeds.get(name)).as(name).isNotEmpty();
            assertThat(FuzzReplay.replay(name, target, seeds.get(name), 40)).as(name).isGreaterThan(40);
        });
        // dcmdjpeg is a child process per input: fewer mutations.
        assertThat(FuzzReplay.replay("jpeg12", DicomFuzzTargets.Jpeg12::fuzzerTestOneInput, seeds.get("jpeg12"), 4))
                .isGreaterThan(4);
    }
}

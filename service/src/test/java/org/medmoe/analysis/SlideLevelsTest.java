package org.medmoe.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medmoe.dicom.DecodeLimits;
import org.medmoe.dicom.web.DicomJson;

class SlideLevelsTest {

    private static final SlideLevels CHOOSER = new SlideLevels(336, DecodeLimits.defaults());

    /** A 40x scan of 98,304 x 77,824 pixels as scanners write it: four tiled levels, a thumbnail, a label, an overview. */
    static List<SlideLevel> pyramid() {
        List<SlideLevel> levels = new ArrayList<>();
        levels.add(tiled("1.0", 98_304, 77_824, 256));
        levels.add(tiled("1.1", 24_576, 19_456, 256));
        levels.add(tiled("1.2", 6_144, 4_864, 256));
        levels.add(tiled("1.3", 1_536, 1_216, 256));
        levels.add(whole("1.4", 768, 608, "THUMBNAIL"));
        levels.add(whole("1.5", 800, 400, "LABEL"));
        levels.add(whole("1.6", 1_600, 600, "OVERVIEW"));
        return levels;
    }

    static SlideLevel tiled(String uid, long columns, long rows, int tile) {
        int frames = (int) (((columns + tile - 1) / tile) * ((rows + tile - 1) / tile));
        return new SlideLevel(uid, columns, rows, tile, tile, frames, 3, 8, List.of("ORIGINAL", "PRIMARY", "VOLUME"));
    }

    static SlideLevel whole(String uid, long columns, long rows, String kind) {
        return new SlideLevel(uid, columns, rows, (int) columns, (int) rows, 1, 3, 8, List.of("ORIGINAL", "PRIMARY", kind));
    }

    @Test
    void shouldTakeTheSmallestWholeImageThatCoversTheModelInput() {
        assertThat(CHOOSER.choose(pyramid())).map(SlideLevel::sopInstanceUid).contains("1.4");
    }

    @Test
    void shouldTakeTheSmallestLargeEnoughTiledLevelWhenNoWholeImageIsLargeEnough() {
        List<SlideLevel> levels = new ArrayList<>(pyramid());
        levels.removeIf(l -> l.sopInstanceUid().equals("1.4"));

        // The label (800 x 400) and the overview would fit, but are never analysed.
        assertThat(CHOOSER.choose(levels)).map(SlideLevel::sopInstanceUid).contains("1.3");
    }

    @Test
    void shouldNeverTakeTheLevelsBeyondTheDecoderLimits() {
        // 64 MiB per object: only levels up to about 4,600 x 4,600 RGB pixels fit.
        SlideLevels small = new SlideLevels(336, new DecodeLimits(64L << 20, 40L << 20, 256L << 20));
        List<SlideLevel> levels = List.of(tiled("1.0", 98_304, 77_824, 256), tiled("1.2", 6_144, 4_864, 256));

        assertThat(small.choose(levels)).isEmpty();
        assertThat(small.choose(pyramid())).map(SlideLevel::sopInstanceUid).contains("1.4");
    }

    @Test
    void shouldTakeTheLargestLevelOfASlideSmallerThanTheModelInput() {
        List<SlideLevel> levels = List.of(whole("2.1", 300, 200, "VOLUME"), whole("2.2", 150, 100, "VOLUME"),
                whole("2.3", 320, 330, "LABEL"));

        assertThat(CHOOSER.choose(levels)).map(SlideLevel::sopInstanceUid).contains("2.1");
    }

    @Test
    void shouldReadALevelFromItsDicomJsonMetadata() throws Exception {
        String json = "{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"1.2.3.4\"]},"
                + "\"00080008\":{\"vr\":\"CS\",\"Value\":[\"DERIVED\",\"PRIMARY\",\"VOLUME\",\"RESAMPLED\"]},"
                + "\"00280002\":{\"vr\":\"US\",\"Value\":[3]},\"00280008\":{\"vr\":\"IS\",\"Value\":[\"30\"]},"
                + "\"00280010\":{\"vr\":\"US\",\"Value\":[256]},\"00280011\":{\"vr\":\"US\",\"Value\":[256]},"
                + "\"00280100\":{\"vr\":\"US\",\"Value\":[8]},\"00480006\":{\"vr\":\"UL\",\"Value\":[1536]},"
                + "\"00480007\":{\"vr\":\"UL\",\"Value\":[1216]}}";

        SlideLevel level = SlideLevel.of(new DicomJson(new ObjectMapper().readTree(json)));

        assertThat(level).isEqualTo(new SlideLevel("1.2.3.4", 1536, 1216, 256, 256, 30, 3, 8,
                List.of("DERIVED", "PRIMARY", "VOLUME", "RESAMPLED")));
        assertThat(level.bytes()).isEqualTo(1536L * 1216 * 3);
        assertThat(level.singleFrame()).isFalse();
        assertThat(level.isLabelOrOverview()).isFalse();
        assertThat(SlideLevel.of(new DicomJson(new ObjectMapper().readTree("{}")))).isNull();
    }
}

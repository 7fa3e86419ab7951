package org.medmoe.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medmoe.pipeline.Pipeline;
import org.medmoe.pipeline.PipelineLoader;

class ImageSelectorTest {
    static final Pipeline PIPELINE = PipelineLoader.load(java.nio.file.Path.of(
            System.getProperty("medmoe.project.dir", ".")).resolve("topology/pipeline.yaml"));

    static SeriesCandidate series(String uid, int number, String modality, int instances) {
        List<ImageRef> refs = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            refs.add(new ImageRef(uid, uid + "." + (i + 1), modality, null));
        }
        return new SeriesCandidate(uid, number, modality, refs);
    }

    @Test
    void shouldSkipNonImageSeriesAndSpreadThePicksOverEachSeries() {
        List<ImageRef> picked = new ImageSelector(PIPELINE).select(List.of(
                series("1.9", 9, "SR", 1), series("1.2", 2, "CT", 7), series("1.1", 1, "CT", 100),
                series("1.3", 3, "CT", 5)));

        // CT: at most 2 series, 3 images each, spread evenly (first, middle, last)
        assertThat(picked).extracting(ImageRef::sopInstanceUid)
                .containsExactly("1.1.1", "1.1.51", "1.1.100", "1.2.1", "1.2.4", "1.2.7");
    }

    @Test
    void shouldTakeTheMiddleImageWhenTheSeriesAllowsOne() {
        List<ImageRef> picked = new ImageSelector(PIPELINE).select(List.of(series("1.1", 1, "SM", 9)));

        assertThat(picked).extracting(ImageRef::sopInstanceUid).containsExactly("1.1.5");
    }

    @Test
    void shouldTakeOneLevelOfAWholeSlideImageAndNeverItsLabel() {
        List<SlideLevel> pyramid = SlideLevelsTest.pyramid();
        List<ImageRef> refs = pyramid.stream().map(l -> new ImageRef("9.1", l.sopInstanceUid(), "SM", null)).toList();
        java.util.Map<String, SlideLevel> levels = new java.util.LinkedHashMap<>();
        pyramid.forEach(l -> levels.put(l.sopInstanceUid(), l));

        List<ImageRef> picked = new ImageSelector(PIPELINE).select(List.of(new SeriesCandidate("9.1", 1, "SM", refs, levels)));

        // the thumbnail (768 x 608): one frame covering the slide, not the 98,304 x 77,824 base level
        assertThat(picked).extracting(ImageRef::sopInstanceUid).containsExactly("1.4");
    }

    @Test
    void shouldSelectNothingFromAStudyWithoutImages() {
        assertThat(new ImageSelector(PIPELINE).select(List.of(series("1.1", 1, "SR", 2), series("1.2", 2, "KO", 1))))
                .isEmpty();
    }

    @Test
    void shouldSelectASeriesWithoutModalityUnderTheDefaultPolicy() {
        // Given a series whose instances carry no Modality attribute (pydicom's SC_jpeg_no_color_transform_2.dcm)
        List<SeriesCandidate> study = List.of(series("1.1", 1, null, 9), series("1.2", 2, "SR", 1));

        // When images are selected
        List<ImageRef> picked = new ImageSelector(PIPELINE).select(study);

        // Then it is an image series, picked as the default policy says (2 images, first and last), and
        // the prompt set for any modality applies to it
        assertThat(picked).extracting(ImageRef::sopInstanceUid).containsExactly("1.1.1", "1.1.9");
        assertThat(PIPELINE.selectionFor(null)).isEqualTo(PIPELINE.selectionFor("default"));
        assertThat(PIPELINE.promptSetFor(null)).isEqualTo(PIPELINE.promptSetFor("XYZ")).isPresent();
    }

    @Test
    void shouldSpreadIndicesEvenly() {
        assertThat(ImageSelector.spread(10, 3)).containsExactly(0, 5, 9);
        assertThat(ImageSelector.spread(2, 5)).containsExactly(0, 1);
        assertThat(ImageSelector.spread(4, 1)).containsExactly(2);
    }
}

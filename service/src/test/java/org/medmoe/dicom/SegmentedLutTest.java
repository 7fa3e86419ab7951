package org.medmoe.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Segmented palette tables (PS3.3 C.7.9.2) as pydicom expands them, and hostile ones refused. */
class SegmentedLutTest {

    @Test
    void shouldExpandDiscreteLinearAndIndirectSegmentsLikePydicom() throws Exception {
        // discrete 0, 10; linear 4 steps to 30; indirect: 1 segment from offset 0 (the discrete one)
        int[] words = {0, 2, 0, 10, 1, 4, 30, 2, 1, 0, 0};

        int[] lut = SegmentedLut.expand(words, false, 8);

        // pydicom: [0, 10] + around(linspace(15, 30, 4)) = [15, 20, 25, 30] + [0, 10]
        assertThat(lut).containsExactly(0, 10, 15, 20, 25, 30, 0, 10);
    }

    @Test
    void shouldRoundLinearSegmentsHalfToEvenAsNumpyDoes() throws Exception {
        int[] bytes = {0, 1, 0, 1, 4, 10};

        // step 2.5: linspace(2.5, 10, 4) = 2.5, 5, 7.5, 10 -> around: 2, 5, 8, 10
        assertThat(SegmentedLut.expand(bytes, true, 5)).containsExactly(0, 2, 5, 8, 10);
    }

    @Test
    void shouldRefuseHostileTablesAsCorrupt() {
        assertThatThrownBy(() -> SegmentedLut.expand(new int[] {1, 4, 10}, false, 4))
                .isInstanceOf(DicomCorruptException.class).hasMessageContaining("first segment");
        assertThatThrownBy(() -> SegmentedLut.expand(new int[] {0, 200, 1, 2}, false, 4))
                .isInstanceOf(DicomCorruptException.class).hasMessageContaining("past the data");
        // an indirect segment that points at itself
        assertThatThrownBy(() -> SegmentedLut.expand(new int[] {0, 1, 5, 2, 2, 0, 0}, false, 4))
                .isInstanceOf(DicomCorruptException.class).hasMessageContaining("nested deeper");
        // linear segments of 65535 entries each, past the largest table
        assertThatThrownBy(() -> SegmentedLut.expand(new int[] {0, 1, 5, 1, 65535, 9, 1, 65535, 7}, false, 4))
                .isInstanceOf(DicomCorruptException.class).hasMessageContaining("65536 entries");
        assertThatThrownBy(() -> SegmentedLut.expand(new int[] {0, 2, 1, 2}, false, 256))
                .isInstanceOf(DicomCorruptException.class).hasMessageContaining("the descriptor says 256");
    }
}

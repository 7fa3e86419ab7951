package org.medmoe.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The renderer's rounding to 8 bits matches {@code Math.round} then clamping, its edge cases included. */
class ImageRendererTest {

    private static int reference(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    @Test
    void shouldRoundHalfUpAndClampLikeMathRound() {
        // Given values at and around every half step, out of range, and not numbers
        double[] edges = {0.49999999999999994, 0.5, Math.nextDown(0.5), Math.nextUp(0.5), 1.5, Math.nextDown(1.5),
            254.5, Math.nextDown(254.5), 255, 255.4, 256, -0.5, -1e9, 1e9, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, -0.0, 0.0};
        // When each is rendered, Then it is what Math.round and clamping give
        for (double v : edges) {
            assertThat(ImageRenderer.clamp8(v)).as("value %s", v).isEqualTo(reference(v));
        }
        for (int k = 0; k <= 256; k++) {
            for (double v : new double[] {k - 0.5, Math.nextDown(k - 0.5), Math.nextUp(k - 0.5), k}) {
                assertThat(ImageRenderer.clamp8(v)).as("value %s", v).isEqualTo(reference(v));
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 1_000_000; i++) {
            double v = random.nextDouble() * 300 - 20;
            assertThat(ImageRenderer.clamp8(v)).isEqualTo(reference(v));
        }
    }
}

package org.medmoe.imaging;

import java.util.Objects;

/**
 * What the vision encoder expects, from the model manifest.
 *
 * @param size output side in pixels (336 for CLIP ViT-L/14@336)
 * @param fit CROP: resize the shortest side to {@code size}, then centre-crop (the published
 *            evaluation); PAD: pad to a square with {@code padRgb}, then resize (training and
 *            the reference demo)
 * @param padRgb pad colour, three values 0..255
 * @param mean per-channel mean, applied after scaling to [0, 1]
 * @param std per-channel standard deviation
 */
public record PreprocessSpec(int size, Fit fit, int[] padRgb, float[] mean, float[] std) {

    /** How a non-square image becomes square. */
    public enum Fit { CROP, PAD }

    /** CLIP's mean. */
    public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    /** CLIP's standard deviation. */
    public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};
    /** Med-MoE's pad colour: CLIP's mean times 255, truncated. */
    public static final int[] MEDMOE_PAD = {122, 116, 104};

    /** Validates and copies the arrays. */
    public PreprocessSpec {
        Objects.requireNonNull(fit, "fit");
        if (size < 1 || size > 4096) {
            throw new IllegalArgumentException("size must be 1..4096, was " + size);
        }
        if (padRgb.length != 3 || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("padRgb, mean and std need three values each");
        }
        for (int i = 0; i < 3; i++) {
            if (padRgb[i] < 0 || padRgb[i] > 255 || !(std[i] > 0)) {
                throw new IllegalArgumentException("pad colour 0..255 and std > 0 required");
            }
        }
        padRgb = padRgb.clone();
        mean = mean.clone();
        std = std.clone();
    }

    /** Med-MoE's settings for a given size and fit, with CLIP mean and std. */
    public static PreprocessSpec medMoe(int size, Fit fit) {
        return new PreprocessSpec(size, fit, MEDMOE_PAD, CLIP_MEAN, CLIP_STD);
    }
}

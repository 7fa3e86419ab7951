package org.medmoe.analysis;

import org.medmoe.imaging.PreprocessSpec;
import org.medmoe.model.ModelManifest;

/** The model's image pre-processing, as its manifest states it, for the imaging package. */
public final class Preprocessing {
    private Preprocessing() {
    }

    public static PreprocessSpec spec(ModelManifest manifest) {
        ModelManifest.Image image = manifest.image();
        float[] mean = new float[3];
        float[] std = new float[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = image.mean().get(c).floatValue();
            std[c] = image.std().get(c).floatValue();
        }
        int[] pad = image.padFill().stream().mapToInt(Integer::intValue).toArray();
        return new PreprocessSpec(image.size(), "pad".equals(image.fit()) ? PreprocessSpec.Fit.PAD
                : PreprocessSpec.Fit.CROP, pad, mean, std);
    }
}

package org.medmoe.imaging;

/**
 * A linear window (DICOM PS3.3 C.11.2.1.2.1, VOI LUT Function LINEAR): centre and width in
 * modality units.
 *
 * @param center window centre
 * @param width window width, at least 1
 */
public record VoiWindow(double center, double width) implements VoiTransform {

    /** CT soft tissue (40 / 400 HU). */
    public static final VoiWindow CT_SOFT_TISSUE = new VoiWindow(40, 400);
    /** CT lung (-600 / 1500 HU). */
    public static final VoiWindow CT_LUNG = new VoiWindow(-600, 1500);
    /** CT bone (400 / 1800 HU). */
    public static final VoiWindow CT_BONE = new VoiWindow(400, 1800);
    /** CT brain (40 / 80 HU). */
    public static final VoiWindow CT_BRAIN = new VoiWindow(40, 80);

    /** Checks the width. */
    public VoiWindow {
        if (!(width >= 1) || !Double.isFinite(center)) {
            throw new IllegalArgumentException("window width must be >= 1 and centre finite, was "
                    + center + "/" + width);
        }
    }

    /** A window covering [min, max] exactly, for images without a window of their own. */
    public static VoiWindow spanning(double min, double max) {
        double width = Math.max(1, max - min + 1);
        return new VoiWindow(min + width / 2, width);
    }

    @Override
    public double apply(double value) {
        double low = center - 0.5 - (width - 1) / 2;
        double high = center - 0.5 + (width - 1) / 2;
        if (value <= low) {
            return 0;
        }
        if (value > high) {
            return 255;
        }
        return ((value - (center - 0.5)) / (width - 1) + 0.5) * 255;
    }
}

package org.medmoe.imaging;

/**
 * The image path's last step, as the reference does it: a decoded frame rendered to 8-bit RGB
 * ({@link ImageRenderer}), or an RGB picture, to the model's normalised {@link PixelTensor}
 * ({@code 3 x S x S}, channel-first): either shortest side to {@code S} (Pillow's bicubic,
 * antialiased) and a centre crop ({@code CROP}), or pad to a square with the pad colour and resize
 * ({@code PAD}); then {@code /255} and per-channel {@code (x - mean) / std}. An image already at the
 * model size is not resampled. A grey picture (every pixel with R = G = B, as rendered greyscale
 * DICOM is) is resized as one plane and replicated only in the tensor: the same values, a third of
 * the resize work. Immutable and thread-safe.
 */
public final class Preprocessor {

    private final PreprocessSpec spec;
    /** Normalised value of each 8-bit sample, per channel: ((v / 255) - mean) / std in float. */
    private final float[][] table = new float[3][256];

    /** Creates a pre-processor for {@code spec}. */
    public Preprocessor(PreprocessSpec spec) {
        this.spec = spec;
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                table[c][v] = (v / 255f - spec.mean()[c]) / spec.std()[c];
            }
        }
    }

    /** Returns the spec. */
    public PreprocessSpec spec() {
        return spec;
    }

    /** The model input for {@code frame}, rendered with {@code voi} (null: over the frame's own value range). */
    public PixelTensor tensor(DecodedImage frame, VoiTransform voi) {
        return tensor(ImageRenderer.render(frame, voi));
    }

    /** The model input for {@code image}: resized, cropped or padded, and normalised. */
    public PixelTensor tensor(RgbImage image) {
        return new PixelTensor(normalised(image), 3, spec.size(), spec.size());
    }

    /** Resizes, crops or pads, and normalises {@code image}: the tensor's values. */
    private float[] normalised(RgbImage image) {
        boolean paddedInColour = spec.fit() == PreprocessSpec.Fit.PAD && image.width() != image.height();
        byte[] grey = paddedInColour ? null : greyPlane(image);
        if (grey == null) {
            return normalise(square(image));
        }
        int s = spec.size();
        int w = image.width();
        int h = image.height();
        int[] size = spec.fit() == PreprocessSpec.Fit.PAD ? new int[] {s, s} : cropResize(w, h);
        byte[] resized = PilBicubic.resize(grey, w, h, 1, size[0], size[1]);
        return normaliseGrey(resized, size[0], (size[0] - s) / 2, (size[1] - s) / 2);
    }

    /** The one plane of a picture whose three channels are equal, else null (checked up to the first colour pixel). */
    private static byte[] greyPlane(RgbImage image) {
        byte[] rgb = image.rgb();
        int pixels = image.width() * image.height();
        for (int i = 0, p = 0; i < pixels; i++, p += 3) {
            if (rgb[p] != rgb[p + 1] || rgb[p] != rgb[p + 2]) {
                return null;
            }
        }
        byte[] grey = new byte[pixels];
        for (int i = 0, p = 0; i < pixels; i++, p += 3) {
            grey[i] = rgb[p];
        }
        return grey;
    }

    /** Size after resizing the shortest side to the model size (CROP), as {width, height}. */
    private int[] cropResize(int w, int h) {
        int s = spec.size();
        return w <= h ? new int[] {s, (int) ((long) s * h / w)} : new int[] {(int) ((long) s * w / h), s};
    }

    /** Normalises the {@code size x size} square at (x0, y0) of a grey plane {@code width} wide into the 3 channels. */
    private float[] normaliseGrey(byte[] grey, int width, int x0, int y0) {
        int s = spec.size();
        int plane = s * s;
        float[] out = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            float[] lut = table[c];
            int base = c * plane;
            for (int y = 0; y < s; y++) {
                int row = (y + y0) * width + x0;
                int o = base + y * s;
                for (int x = 0; x < s; x++) {
                    out[o + x] = lut[grey[row + x] & 0xFF];
                }
            }
        }
        return out;
    }

    /** The square {@code size x size} 8-bit image the tensor is made from. */
    public RgbImage square(RgbImage image) {
        int s = spec.size();
        if (spec.fit() == PreprocessSpec.Fit.PAD) {
            return PilBicubic.resize(padToSquare(image), s, s);
        }
        int[] size = cropResize(image.width(), image.height());
        RgbImage resized = PilBicubic.resize(image, size[0], size[1]);
        return crop(resized, (size[0] - s) / 2, (size[1] - s) / 2, s);
    }

    private RgbImage padToSquare(RgbImage image) {
        int w = image.width();
        int h = image.height();
        if (w == h) {
            return image;
        }
        int side = Math.max(w, h);
        byte[] out = new byte[side * side * 3];
        int[] pad = spec.padRgb();
        for (int i = 0; i < side * side; i++) {
            out[3 * i] = (byte) pad[0];
            out[3 * i + 1] = (byte) pad[1];
            out[3 * i + 2] = (byte) pad[2];
        }
        int x0 = (side - w) / 2;
        int y0 = (side - h) / 2;
        for (int y = 0; y < h; y++) {
            System.arraycopy(image.rgb(), y * w * 3, out, ((y + y0) * side + x0) * 3, w * 3);
        }
        return new RgbImage(side, side, out);
    }

    private static RgbImage crop(RgbImage image, int x0, int y0, int s) {
        if (x0 == 0 && y0 == 0 && image.width() == s && image.height() == s) {
            return image;
        }
        byte[] out = new byte[s * s * 3];
        for (int y = 0; y < s; y++) {
            System.arraycopy(image.rgb(), ((y + y0) * image.width() + x0) * 3, out, y * s * 3, s * 3);
        }
        return new RgbImage(s, s, out);
    }

    private float[] normalise(RgbImage square) {
        int plane = square.width() * square.height();
        float[] out = new float[3 * plane];
        byte[] rgb = square.rgb();
        for (int c = 0; c < 3; c++) {
            float[] lut = table[c];
            int base = c * plane;
            for (int i = 0; i < plane; i++) {
                out[base + i] = lut[rgb[3 * i + c] & 0xFF];
            }
        }
        return out;
    }
}

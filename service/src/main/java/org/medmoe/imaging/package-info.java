/**
 * The one image path, from decoded pixels to the model's input tensor: value-of-interest windowing
 * and rendering to 8-bit RGB ({@link org.medmoe.imaging.ImageRenderer}), PNG and JPEG pictures
 * ({@link org.medmoe.imaging.ImageFiles}), and the Med-MoE pre-processing
 * ({@link org.medmoe.imaging.Preprocessor}: PIL-compatible bicubic resize, centre-crop or pad to
 * square, CLIP normalisation). Three pixel types: {@link org.medmoe.imaging.DecodedImage} (a decoded
 * frame's values), {@link org.medmoe.imaging.RgbImage} (8-bit RGB) and
 * {@link org.medmoe.imaging.PixelTensor} (the model's input).
 *
 * <p>This package is plain Java with no dependency on the rest of the service or on any DICOM
 * toolkit; the {@code dicom} package turns DICOM files into the {@code DecodedImage} values used here
 * and the {@code model} package takes the tensors. Every type is immutable or confined to the
 * calling thread.
 */
package org.medmoe.imaging;

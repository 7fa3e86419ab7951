/**
 * Pixels to model input tensors: value-of-interest windowing, rendering to 8-bit RGB, and the
 * Med-MoE pre-processing (PIL-compatible bicubic resize, centre-crop or pad to square, CLIP
 * normalisation).
 *
 * <p>This package is plain Java with no dependency on the rest of the service or on any DICOM
 * toolkit; the {@code dicom} package turns DICOM files into the {@link org.medmoe.imaging.DecodedImage}
 * values used here. Every type is immutable or confined to the calling thread.
 */
package org.medmoe.imaging;

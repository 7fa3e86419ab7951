/**
 * DICOM: Part-10 reading, pixel decoding into {@link org.medmoe.imaging.DecodedImage} frames,
 * the DICOMweb client, and Structured Report writing.
 *
 * <p>The DICOM toolkit (PixelMed) is used only inside this package; callers see the small types
 * defined here ({@link org.medmoe.dicom.StudyRef}, {@link org.medmoe.dicom.DicomHeader},
 * {@link org.medmoe.dicom.DicomImage}, ...) and the typed errors
 * {@link org.medmoe.dicom.DicomUnsupportedException} and {@link org.medmoe.dicom.DicomCorruptException}.
 * Decoding runs in the calling thread, in bounded memory, and never lets a toolkit failure
 * (including stack or heap exhaustion on hostile input) escape as anything but a typed error.
 *
 * <p>JPEG 2000 and 8-bit JPEG are decoded by native libraries (OpenJPEG, libjpeg-turbo's TurboJPEG,
 * through JNA) when {@link org.medmoe.dicom.NativeCodecs} can load them, by the Java decoders
 * otherwise; JNA, like PixelMed, is used only inside this package.
 */
package org.medmoe.dicom;

/**
 * DICOM Structured Report output: an {@link org.medmoe.dicom.sr.SrContent} (the study, the model,
 * one evaluation per coded finding, decided by the caller) as a Comprehensive SR following TID 1500
 * (Measurement Report), with the model as device observer, the source images in the image library
 * and evidence, and a statement that the content is machine-generated. UIDs are derived from
 * (study, revision, model version), so writing the same revision twice gives the same SR.
 */
package org.medmoe.dicom.sr;

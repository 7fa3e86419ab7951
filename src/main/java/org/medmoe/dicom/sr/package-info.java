/**
 * DICOM Structured Report output: a study's findings as a Comprehensive SR following TID 1500
 * (Measurement Report), with the model as device observer, the source images in the image
 * library and evidence, one qualitative evaluation per coded finding, and a statement that the
 * content is machine-generated. UIDs are derived from (study, revision, model version), so
 * writing the same findings twice gives the same SR.
 */
package org.medmoe.dicom.sr;

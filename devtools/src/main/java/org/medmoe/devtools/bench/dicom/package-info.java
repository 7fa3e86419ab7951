/**
 * {@code medmoe bench dicom}: decode and pre-process throughput of the service's DICOM and image
 * path against pydicom, numpy and Pillow on the same files, overall and per transfer syntax.
 */
package org.medmoe.devtools.bench.dicom;

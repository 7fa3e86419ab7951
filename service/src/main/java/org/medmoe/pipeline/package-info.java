/**
 * The declarative pipeline ({@code topology/pipeline.yaml}): which images to look at, which
 * questions to ask per modality, the triage rules and the report template. Loaded and validated once
 * at start-up; immutable afterwards. Knows nothing of Kafka, DICOM or ONNX Runtime.
 */
package org.medmoe.pipeline;

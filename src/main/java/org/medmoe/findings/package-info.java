/**
 * From model answers to what consumers read: aggregation of image findings into study findings,
 * triage decisions, report drafts. Pure functions over the Avro records and the pipeline
 * definition; no Kafka, no ONNX Runtime.
 */
package org.medmoe.findings;

/**
 * The Orthanc change-feed bridge: follows Orthanc's {@code /changes}, turns each
 * {@code StableStudy} into a {@code StudyEvent}, and hands events and the feed position to a
 * {@link org.medmoe.ingest.orthanc.BridgeSink} that commits them atomically (Kafka transactions
 * in production, memory in unit tests). Studies whose only new content is our own SR series are
 * not announced again.
 */
package org.medmoe.ingest.orthanc;

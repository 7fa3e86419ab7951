/**
 * PACS event sources (change feeds, folders) turned into {@code StudyEvent}s, and the checks every
 * event passes before the pipeline acts on it. Knows nothing of Kafka Streams or the model.
 */
package org.medmoe.ingest;

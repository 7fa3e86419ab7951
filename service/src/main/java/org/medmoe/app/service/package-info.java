/**
 * The running service: its lifecycle ({@link org.medmoe.app.service.StreamService} builds the
 * topology from configuration, creates missing topics, resolves the output schemas, starts and stops
 * Kafka Streams) and the wiring of the parts below it from configuration: the analysis (pipeline,
 * model, image sources, SR write-back), the schema registry and serdes, Kafka client properties,
 * and the Orthanc bridge. With {@code app.ops}, {@code app.deadletters} and {@code topology}, one of
 * the packages that use Kafka Streams.
 */
package org.medmoe.app.service;

/**
 * Schema registry access and the Avro serdes of the service's topics.
 *
 * <p>{@link org.medmoe.registry.SchemaRegistry} is the contract; {@link org.medmoe.registry.HttpSchemaRegistry}
 * talks to any Confluent-compatible registry over HTTP (retries, caches, basic/bearer auth, TLS),
 * {@link org.medmoe.registry.InMemorySchemaRegistry} stands in for one in tests.
 * {@link org.medmoe.registry.AvroSerdes} builds Kafka serdes that write and read the Confluent wire
 * format (magic byte 0, 4-byte schema id, Avro binary); bad bytes become a
 * {@link org.medmoe.registry.WireFormatException}, which the topology's deserialization handler routes
 * to the dead-letter topic.
 *
 * <p>This package depends on Avro, Kafka clients, Jackson and SLF4J only; nothing else of the service.
 */
package org.medmoe.registry;

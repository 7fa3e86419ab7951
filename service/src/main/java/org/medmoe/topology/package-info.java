/**
 * The Kafka Streams topology: topics, the builder function and thin processors that call plain-Java
 * services from the other packages.
 */
package org.medmoe.topology;

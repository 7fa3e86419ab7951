/**
 * The command line and the running service: typed configuration, the commands ({@code run},
 * {@code demo}, {@code bridge}, ...), the lifecycle of Kafka Streams and the model, and operations:
 * metrics (Micrometer, Prometheus), health and the HTTP endpoint that serves them. With
 * {@code topology}, the only package that uses Kafka Streams; the only one that uses Micrometer.
 */
package org.medmoe.app;

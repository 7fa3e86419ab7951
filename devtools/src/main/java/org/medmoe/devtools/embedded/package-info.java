/**
 * Infrastructure started inside or beside the tools' own process, for the demo, the benchmarks and
 * the integration tests: a single-node Kafka broker (KRaft) in the JVM and a schema registry as a
 * child process, on free loopback ports. Nothing here is part of the service a deployment runs.
 */
package org.medmoe.devtools.embedded;

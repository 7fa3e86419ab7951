/**
 * Infrastructure run inside or beside the service's own process for the demo mode and the
 * integration tests: an embedded schema registry (and, beside it, the embedded Kafka broker).
 * Nothing here is used by the {@code run} mode against real infrastructure.
 */
package org.medmoe.embedded;

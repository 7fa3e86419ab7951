/**
 * Operations: the service's metrics (Micrometer, in the Prometheus format), its health (live and
 * ready) and the HTTP endpoint that serves both (loopback by default, an optional bearer token,
 * a bounded pool of threads and a request timeout). The only package that uses Micrometer and the JDK's
 * HTTP server; the packages below report through plain listeners
 * ({@link org.medmoe.analysis.AnalysisMetrics}, {@link org.medmoe.topology.OutcomeListener}).
 */
package org.medmoe.app.ops;

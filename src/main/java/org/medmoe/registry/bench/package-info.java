/**
 * Benchmarks of the registry serdes, with the realistic sample records they measure
 * ({@link org.medmoe.registry.bench.SampleRecords}, also used by the tests).
 */
package org.medmoe.registry.bench;

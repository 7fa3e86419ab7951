/** {@code medmoe bench serde}: the registry serdes' throughput, on the realistic sample records they measure. */
package org.medmoe.devtools.bench.serde;

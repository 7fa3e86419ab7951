/**
 * {@code medmoe bench pipeline}: studies through the whole service on the embedded broker and
 * registry against the same questions asked of the model alone, for each batch size, in alternating
 * windows after a warm-up that waits for the JIT compiler to settle.
 */
package org.medmoe.devtools.bench.pipeline;

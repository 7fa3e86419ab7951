/**
 * {@code medmoe bench model}: Java (ONNX Runtime) against PyTorch eager on the same model
 * directory, the same thread count and the same machine, for several batch sizes.
 */
package org.medmoe.devtools.bench.model;

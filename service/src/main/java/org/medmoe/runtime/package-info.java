/**
 * ONNX Runtime behind a small, model-agnostic API: one {@link org.medmoe.runtime.OrtRuntime} owns the
 * environment and every session it opens, execution providers come from
 * {@link org.medmoe.runtime.RuntimeConfig}, and graphs are run with host arrays in and host arrays
 * out ({@link org.medmoe.runtime.RunInputs}, {@link org.medmoe.runtime.RunOutputs}). No ONNX Runtime
 * type leaves this package; outputs that feed the next run (a KV cache) stay native inside an open
 * {@link org.medmoe.runtime.RunOutputs}.
 */
package org.medmoe.runtime;

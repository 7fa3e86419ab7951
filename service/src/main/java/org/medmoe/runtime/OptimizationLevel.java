package org.medmoe.runtime;

/** ONNX Runtime's graph optimisation level, as configuration names it. */
public enum OptimizationLevel {
    /** No graph rewrites. */
    NONE,
    /** Constant folding and redundant-node removal. */
    BASIC,
    /** Basic plus node fusions (attention, GELU, layer norm). */
    EXTENDED,
    /** Everything, including layout rewrites. */
    ALL
}

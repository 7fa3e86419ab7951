package org.medmoe.runtime;

/** Element type of a graph input or output, as far as this project cares. */
public enum ElementType {
    FLOAT, FLOAT16, INT64, INT32, OTHER
}

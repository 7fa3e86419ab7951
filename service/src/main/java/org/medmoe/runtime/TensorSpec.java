package org.medmoe.runtime;

import java.util.Arrays;

/**
 * Declared type and shape of a graph input or output; {@code -1} marks a dynamic dimension.
 *
 * @param type element type
 * @param shape dimensions, -1 where dynamic
 */
public record TensorSpec(ElementType type, long[] shape) {
    public TensorSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Rank of the tensor. */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i}, -1 when dynamic. */
    public long dim(int i) {
        return shape[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.type == type && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return type + Arrays.toString(shape);
    }
}

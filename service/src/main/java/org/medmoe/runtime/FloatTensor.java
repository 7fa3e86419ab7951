package org.medmoe.runtime;

import java.util.Arrays;

/**
 * A dense, row-major float tensor on the Java heap (a copy of a graph output). Immutable by
 * convention: callers must not write into {@link #data()}.
 *
 * @param data values, row-major
 * @param shape dimensions
 */
public record FloatTensor(float[] data, long[] shape) {
    public FloatTensor {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size
                    + " values, got " + data.length);
        }
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Dimension {@code i}. */
    public int dim(int i) {
        return Math.toIntExact(shape[i]);
    }

    /** Number of values in one step of dimension {@code i} (product of the later dimensions). */
    public int stride(int i) {
        long s = 1;
        for (int k = i + 1; k < shape.length; k++) {
            s *= shape[k];
        }
        return Math.toIntExact(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(t.shape, shape) && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}

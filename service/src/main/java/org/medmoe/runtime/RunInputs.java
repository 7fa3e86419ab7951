package org.medmoe.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named inputs of one graph run, built from Java arrays into direct, native-order buffers, or
 * taken over (not copied) from the outputs of an earlier run, e.g. a KV cache. Not thread-safe:
 * one thread builds, runs and closes it. {@link #close} frees the tensors this object created;
 * borrowed outputs stay owned by their {@link RunOutputs}, which must outlive the run.
 */
public final class RunInputs implements AutoCloseable {
    private final String graph;
    private final OrtEnvironment env;
    private final Map<String, OnnxTensorLike> tensors = new LinkedHashMap<>();
    private final List<OnnxTensor> owned = new ArrayList<>();

    RunInputs(String graph, OrtEnvironment env) {
        this.graph = graph;
        this.env = env;
    }

    /** Adds a float input of {@code shape}; {@code data} is row-major and copied. */
    public RunInputs floats(String name, float[] data, long... shape) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(Float.BYTES * data.length).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        buffer.put(data).flip();
        return put(name, () -> OnnxTensor.createTensor(env, buffer, shape));
    }

    /** Adds an int64 input of {@code shape}; {@code data} is row-major and copied. */
    public RunInputs longs(String name, long[] data, long... shape) {
        LongBuffer buffer = ByteBuffer.allocateDirect(Long.BYTES * data.length).order(ByteOrder.nativeOrder())
                .asLongBuffer();
        buffer.put(data).flip();
        return put(name, () -> OnnxTensor.createTensor(env, buffer, shape));
    }

    /** Feeds output {@code outputName} of {@code source} as input {@code name}, without a copy. */
    public RunInputs reuse(String name, RunOutputs source, String outputName) {
        tensors.put(name, source.tensor(outputName));
        return this;
    }

    Map<String, OnnxTensorLike> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    private RunInputs put(String name, TensorMaker maker) {
        try {
            OnnxTensor tensor = maker.make();
            owned.add(tensor);
            tensors.put(name, tensor);
            return this;
        } catch (OrtException e) {
            throw new InferenceException("graph " + graph + ": input " + name + " could not be created: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (OnnxTensor tensor : owned) {
            tensor.close();
        }
        owned.clear();
        tensors.clear();
    }

    @FunctionalInterface
    private interface TensorMaker {
        OnnxTensor make() throws OrtException;
    }
}

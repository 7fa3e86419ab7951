package org.medmoe.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Optional;

/**
 * The outputs of one graph run, still in native memory until copied out with {@link #floats}.
 * Keep it open while its tensors are fed to a later run ({@link RunInputs#reuse}); then close it.
 * Not thread-safe; closed by whoever called {@link GraphSession#run}.
 */
public final class RunOutputs implements AutoCloseable {
    private final String graph;
    private final OrtSession.Result result;

    RunOutputs(String graph, OrtSession.Result result) {
        this.graph = graph;
        this.result = result;
    }

    /** A heap copy of float output {@code name}. */
    public FloatTensor floats(String name) {
        OnnxTensor tensor = tensor(name);
        FloatBuffer buffer = tensor.getFloatBuffer();
        if (buffer == null) {
            throw new InferenceException("graph " + graph + ": output " + name + " is not a float tensor");
        }
        float[] data = new float[buffer.remaining()];
        buffer.get(data);
        return new FloatTensor(data, tensor.getInfo().getShape());
    }

    /** The shape of output {@code name}. */
    public long[] shape(String name) {
        return tensor(name).getInfo().getShape();
    }

    OnnxTensor tensor(String name) {
        Optional<OnnxValue> value = result.get(name);
        if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
            throw new InferenceException("graph " + graph + ": no tensor output named " + name);
        }
        return tensor;
    }

    @Override
    public void close() {
        result.close();
    }
}

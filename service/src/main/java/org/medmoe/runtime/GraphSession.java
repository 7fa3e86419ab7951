package org.medmoe.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One loaded ONNX graph. Created and closed by {@link OrtRuntime}; {@link #run} is thread-safe
 * (ONNX Runtime allows concurrent runs of one session), so one instance serves every thread.
 */
public final class GraphSession implements AutoCloseable {
    private final String name;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final GraphSignature signature;

    GraphSession(String name, OrtEnvironment env, OrtSession session) throws OrtException {
        this.name = name;
        this.env = env;
        this.session = session;
        this.signature = new GraphSignature(specs(session.getInputInfo()), specs(session.getOutputInfo()));
    }

    /** The name given when the graph was opened. */
    public String name() {
        return name;
    }

    /** Declared inputs and outputs. */
    public GraphSignature signature() {
        return signature;
    }

    /** A fresh, empty set of inputs for this graph; the caller closes it after the run. */
    public RunInputs newInputs() {
        return new RunInputs(name, env);
    }

    /**
     * Runs the graph and returns the requested outputs, still native; the caller closes them.
     *
     * @throws InferenceException ONNX Runtime rejected the inputs or failed while running
     */
    public RunOutputs run(RunInputs inputs, Set<String> outputs) {
        try {
            return new RunOutputs(name, session.run(inputs.tensors(), outputs));
        } catch (OrtException e) {
            throw new InferenceException("graph " + name + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new InferenceException("graph " + name + " could not be closed: " + e.getMessage(), e);
        }
    }

    private static Map<String, TensorSpec> specs(Map<String, NodeInfo> infos) {
        Map<String, TensorSpec> specs = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> e : infos.entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo info) {
                specs.put(e.getKey(), new TensorSpec(type(info.type), info.getShape()));
            } else {
                specs.put(e.getKey(), new TensorSpec(ElementType.OTHER, new long[0]));
            }
        }
        return specs;
    }

    private static ElementType type(OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> ElementType.FLOAT;
            case FLOAT16 -> ElementType.FLOAT16;
            case INT64 -> ElementType.INT64;
            case INT32 -> ElementType.INT32;
            default -> ElementType.OTHER;
        };
    }
}

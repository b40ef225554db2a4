package com.stockvolume.service.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import com.stockvolume.features.ModelKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;

/**
 * One thread's input [1, 2] and output [1, 1] tensors over direct buffers, reused for every
 * single-row inference that thread makes. ONNX Runtime reads the input from and writes the output
 * into these buffers in place, so a single-row call allocates no tensor, no direct buffer and no
 * result value (each a JNI round trip and a Cleaner). A thread runs one inference at a time, and
 * the tensors hold no session state, so they serve every model version. They live as long as
 * their thread: the event-loop and worker threads, a fixed few.
 */
final class SingleRowTensors {

    /** The kind whose single rows take this path: GET /predict's. */
    static final ModelKind KIND = ModelKind.SAME_DAY;
    private static final int COLUMNS = KIND.featureNames().size(); // a same-day model takes every column

    private static final ThreadLocal<SingleRowTensors> PER_THREAD = new ThreadLocal<>();

    final DoubleBuffer in;
    final DoubleBuffer out;
    final OnnxTensor input;
    final OnnxTensor output;

    private SingleRowTensors(OrtEnvironment environment) throws OrtException {
        in = ByteBuffer.allocateDirect(COLUMNS * Double.BYTES).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        out = ByteBuffer.allocateDirect(Double.BYTES).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        input = OnnxTensor.createTensor(environment, in, new long[]{1, COLUMNS});
        output = OnnxTensor.createTensor(environment, out, new long[]{1, 1});
    }

    static SingleRowTensors forThisThread(OrtEnvironment environment) throws OrtException {
        SingleRowTensors tensors = PER_THREAD.get();
        if (tensors == null) {
            tensors = new SingleRowTensors(environment);
            PER_THREAD.set(tensors);
        }
        return tensors;
    }
}

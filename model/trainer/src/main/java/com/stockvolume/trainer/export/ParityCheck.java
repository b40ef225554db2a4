package com.stockvolume.trainer.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.DoubleBuffer;
import java.util.Map;

/** Runs an exported model in ONNX Runtime, the runtime the service uses. */
final class ParityCheck {

    private static final int BATCH = 65_536;

    private ParityCheck() {
    }

    /** ONNX Runtime's predictions for {@code rows} (row-major, {@code columns} wide). */
    static double[] predict(byte[] onnx, String input, double[] rows, int columns) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int n = rows.length / columns;
        double[] out = new double[n];
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(onnx, options)) {
            for (int start = 0; start < n; start += BATCH) {
                int count = Math.min(BATCH, n - start);
                DoubleBuffer batch = DoubleBuffer.wrap(rows, start * columns, count * columns).slice();
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, batch, new long[]{count, columns});
                        OrtSession.Result result = session.run(Map.of(input, tensor))) {
                    DoubleBuffer values = ((OnnxTensor) result.get(0)).getDoubleBuffer();
                    values.get(out, start, count);
                }
            }
        }
        return out;
    }
}

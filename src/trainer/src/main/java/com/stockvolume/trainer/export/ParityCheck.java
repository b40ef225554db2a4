package com.stockvolume.trainer.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.DoubleBuffer;
import java.util.List;
import java.util.Map;

/** Runs an exported model in ONNX Runtime, the runtime the service uses. */
final class ParityCheck {

    private static final int BATCH = 65_536;

    private ParityCheck() {
    }

    /** ONNX Runtime's predictions ({@link ModelExport#OUTPUT}) for {@code rows}. */
    static double[] predict(byte[] onnx, String input, double[] rows, int columns) throws OrtException {
        return predict(onnx, input, List.of(ModelExport.OUTPUT), rows, columns)[0];
    }

    /** ONNX Runtime's {@code outputs} for {@code rows} (row-major, {@code columns} wide), each [N, 1]. */
    static double[][] predict(byte[] onnx, String input, List<String> outputs, double[] rows, int columns)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int n = rows.length / columns;
        double[][] out = new double[outputs.size()][n];
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(onnx, options)) {
            for (int start = 0; start < n; start += BATCH) {
                int count = Math.min(BATCH, n - start);
                DoubleBuffer batch = DoubleBuffer.wrap(rows, start * columns, count * columns).slice();
                try (OnnxTensor tensor = OnnxTensor.createTensor(env, batch, new long[]{count, columns});
                        OrtSession.Result result = session.run(Map.of(input, tensor))) {
                    for (int k = 0; k < outputs.size(); k++) {
                        DoubleBuffer values = ((OnnxTensor) result.get(outputs.get(k)).orElseThrow()).getDoubleBuffer();
                        values.get(out[k], start, count);
                    }
                }
            }
        }
        return out;
    }
}

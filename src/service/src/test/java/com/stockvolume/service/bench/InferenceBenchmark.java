package com.stockvolume.service.bench;

import ai.onnxruntime.OrtEnvironment;
import com.stockvolume.card.ModelCard.Sample;
import com.stockvolume.service.model.LoadedModel;
import com.stockvolume.service.model.ModelLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * In-process inference time for a batch of rows: the reference the HTTP benchmark compares the
 * 1,000-row POST against. Not a test; run by src/bench/wrk-bench.sh and src/bench/inference.sh.
 * Usage: InferenceBenchmark VERSION_DIR ROWS
 */
public final class InferenceBenchmark {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "model/stock-volume/2");
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        try (LoadedModel model = ModelLoader.load(OrtEnvironment.getEnvironment(), dir, 1)) { // one intra-op thread
            List<Sample> samples = model.card().samples();
            double[] input = new double[rows * 2];
            for (int i = 0; i < rows; i++) {
                Sample s = samples.get(i % samples.size());
                input[2 * i] = s.features()[0];
                input[2 * i + 1] = s.features()[1];
            }
            for (int i = 0; i < 3000; i++) { // warm up the JIT and ONNX Runtime
                model.infer(input);
            }
            long[] nanos = new long[5000];
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                model.infer(input);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf("in-process inference, %d rows: p50 %.4f ms, p99 %.4f ms (%d calls)%n", rows,
                    nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6, nanos.length);
        }
    }
}

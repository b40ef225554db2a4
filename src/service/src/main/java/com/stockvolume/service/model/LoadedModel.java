package com.stockvolume.service.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelCard.TensorSpec;
import com.stockvolume.features.InputColumns;
import com.stockvolume.features.ModelKind;
import java.nio.DoubleBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One model version held in memory: its card and one ONNX Runtime session, shared by every
 * request (OrtSession.run is thread-safe). Checked before it is ever handed out.
 */
public final class LoadedModel implements AutoCloseable {

    private final ModelCard card;
    private final InputColumns inputs;
    private final Path directory;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String input;
    private final String output;
    private final List<String> outputs;
    private final int columns;
    private final Instant loadedAt = Instant.now();

    LoadedModel(ModelCard card, InputColumns inputs, Path directory, OrtEnvironment environment, OrtSession session) {
        this.card = card;
        this.inputs = inputs;
        this.directory = directory;
        this.environment = environment;
        this.session = session;
        this.input = card.inputs().get(0).name();
        this.output = card.outputs().get(0).name();
        this.outputs = card.outputs().stream().map(TensorSpec::name).toList();
        this.columns = inputs.count();
    }

    public ModelCard card() {
        return card;
    }

    /** How the model's inputs are computed from bars. */
    public ModelKind kind() {
        return inputs.kind();
    }

    /** Which of its kind's columns the model takes, in its order. */
    public InputColumns inputs() {
        return inputs;
    }

    public String name() {
        return card.name();
    }

    public String version() {
        return card.version();
    }

    public Path directory() {
        return directory;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /**
     * One inference call for all rows.
     *
     * @param rows row-major, {@code columns} values per row, in the card's column order
     * @return each output's values, one per row, in the card's order of outputs
     */
    public double[][] infer(double[] rows) throws OrtException {
        if (inputs.kind() == SingleRowTensors.KIND && rows.length == columns && outputs.size() == 1) {
            return new double[][]{{inferOne(rows[0], rows[1])}};
        }
        int n = rows.length / columns;
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, DoubleBuffer.wrap(rows), new long[]{n, columns});
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            double[][] out = new double[outputs.size()][n];
            for (int k = 0; k < out.length; k++) {
                ((OnnxTensor) result.get(k)).getDoubleBuffer().get(out[k]);
            }
            return out;
        }
    }

    /** One row, on this thread's reused tensors ({@link SingleRowTensors}): the GET /predict path. */
    private double inferOne(double volMovingAvg, double adjCloseRollingMed) throws OrtException {
        SingleRowTensors tensors = SingleRowTensors.forThisThread(environment);
        tensors.in.put(0, volMovingAvg).put(1, adjCloseRollingMed);
        // the pinned output is written in place; closing the result leaves it open
        try (OrtSession.Result result = session.run(Map.of(input, tensors.input), Map.of(output, tensors.output))) {
            return tensors.out.get(0);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}

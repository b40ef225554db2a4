package com.stockvolume.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.stockvolume.card.ModelCard.Parity;
import com.stockvolume.trainer.lightgbm.LightGbmModel;
import com.stockvolume.trainer.lightgbm.LightGbmTree;
import com.stockvolume.trainer.lightgbm.LightGbmTree.MissingType;
import com.stockvolume.trainer.lightgbm.UnsupportedModelException;
import com.stockvolume.trainer.onnx.TreeEnsembleExporter;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The converter against LightGBM itself: ONNX Runtime must give LightGBM's predictions on rows that
 * sit exactly on, just below and just above every threshold, on NaN, zero and negative inputs.
 */
class ModelExportTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static final double[] EDGES = {
            Double.NaN, 0.0, -0.0, 1e-36, -1e-36, LightGbmTree.ZERO_THRESHOLD, -LightGbmTree.ZERO_THRESHOLD,
            -1.0, -4.99, -100, 3.0, 7.5, 25, 1e12
    };

    /** Every threshold of the model, one ulp either side, and the edge values, on each feature. */
    private static double[] edgeRows(LightGbmModel model) {
        RowBuffer rows = new RowBuffer(2);
        for (LightGbmTree tree : model.trees()) {
            for (int n = 0; n < tree.internalNodes(); n++) {
                double t = tree.threshold()[n];
                for (double v : new double[]{t, Math.nextUp(t), Math.nextDown(t)}) {
                    for (double other : EDGES) {
                        rows.add(tree.splitFeature()[n] == 0 ? new double[]{v, other} : new double[]{other, v});
                    }
                }
            }
        }
        for (double a : EDGES) {
            for (double b : EDGES) {
                rows.add(a, b);
            }
        }
        return rows.toArray();
    }

    /** Exports the model and checks ONNX Runtime row by row against LightGBM. */
    private static void assertOnnxReproducesLightGbm(String text) throws Exception {
        LightGbmModel model = LightGbmModel.parse(text);
        double[] rows = edgeRows(model);
        byte[] onnx = TreeEnsembleExporter.export(model, ModelExport.INPUT, ModelExport.OUTPUT, "test", -1).toByteArray();
        double[] expected = LightGbmFixtures.lightgbmPredict(text, rows, 2);
        double[] actual = ParityCheck.predict(onnx, ModelExport.INPUT, rows, 2);
        for (int i = 0; i < expected.length; i++) {
            double bound = 1e-12 * Math.max(1, Math.abs(expected[i]));
            int row = i;
            assertEquals(expected[i], actual[i], bound,
                    () -> "row (" + rows[2 * row] + ", " + rows[2 * row + 1] + ")");
        }
        // and the pipeline's own parity step agrees
        ModelExport export = ModelExport.prepare(text, Target.VOLUME, rows, new double[0], QUIET);
        assertTrue(export.parity().maxRelativeError() <= 1e-12, "parity " + export.parity());
    }

    private static Set<MissingType> missingTypes(String text) throws Exception {
        Set<MissingType> types = EnumSet.noneOf(MissingType.class);
        for (LightGbmTree tree : LightGbmModel.parse(text).trees()) {
            for (int d : tree.decisionType()) {
                types.add(LightGbmTree.missingType(d));
            }
        }
        return types;
    }

    /** A fixture model whose columns carry the service's feature names, as Python's feature_name= writes them. */
    private static String withServiceFeatureNames(String text) {
        assertTrue(text.contains("feature_names=Column_0 Column_1"));
        return text.replace("feature_names=Column_0 Column_1", "feature_names=vol_moving_avg adj_close_rolling_med");
    }

    @Test
    void theRatioFormMultipliesTheTreesByVolMovingAvgInsideTheGraph() throws Exception {
        String text = withServiceFeatureNames(
                LightGbmFixtures.train("objective=regression_l1 num_leaves=15", 2000, true, 20));
        LightGbmModel model = LightGbmModel.parse(text);
        double[] rows = edgeRows(model);
        ModelProto graph = TreeEnsembleExporter.export(model, ModelExport.INPUT, ModelExport.OUTPUT, "test",
                Target.RATIO.scaleColumn(model));
        assertEquals(List.of("TreeEnsemble", "Slice", "Mul", "Relu"),
                graph.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList());

        double[] trees = LightGbmFixtures.lightgbmPredict(text, rows, 2);
        double[] actual = ParityCheck.predict(graph.toByteArray(), ModelExport.INPUT, rows, 2);
        int floored = 0;
        for (int i = 0; i < trees.length; i++) {
            double product = trees[i] * rows[2 * i]; // the trees' sum times vol_moving_avg, column 0
            double expected = product < 0 ? 0.0 : product; // floored at 0; a NaN stays a NaN
            floored += product < 0 ? 1 : 0;
            int row = i;
            assertTrue(Parity.relativeError(actual[i], expected) <= 1e-12,
                    () -> "row (" + rows[2 * row] + ", " + rows[2 * row + 1] + "): " + actual[row] + " vs " + expected);
        }
        assertTrue(floored > 0, "the edge rows include negative products");
        // a window whose mean volume is 0 gets 0, whatever the trees say
        double[] zero = ParityCheck.predict(graph.toByteArray(), ModelExport.INPUT, new double[]{0.0, 12.5}, 2);
        assertEquals(0.0, zero[0]);

        ModelExport export = ModelExport.prepare(text, Target.RATIO, rows, new double[]{1e6, 25}, QUIET);
        assertTrue(export.parity().maxRelativeError() <= 1e-12, "parity " + export.parity());
        double[] evaluated = export.evaluationPredictions();
        // the evaluation predictions are LightGBM's own (ratio times vol_moving_avg): the graph reproduces
        // them within the parity bound, not to the bit (ONNX Runtime's threads may sum the trees in another
        // order: a CI run once saw 2.7e-51 against 0 for a product near zero)
        for (int i = 0; i < trees.length; i++) {
            assertTrue(Parity.relativeError(evaluated[i], actual[i]) <= 1e-12, "row " + i);
        }
    }

    /**
     * An interval's quantile models go into the point model's graph as the ensemble's second and third
     * targets: each output is its LightGBM model's, scaled as the point model is, row for row on the edge
     * rows (NaN, zero, thresholds), and the bounds are held around the value.
     */
    @Test
    void anIntervalsQuantileModelsAreTheGraphsSecondAndThirdOutputs() throws Exception {
        String point = withServiceFeatureNames(LightGbmFixtures.train("objective=regression_l1 num_leaves=15", 2000, true, 20));
        String lower = withServiceFeatureNames(
                LightGbmFixtures.train("objective=quantile alpha=0.1 num_leaves=15", 2000, true, 20));
        String upper = withServiceFeatureNames(
                LightGbmFixtures.train("objective=quantile alpha=0.9 num_leaves=15", 2000, true, 20));
        LightGbmModel model = LightGbmModel.parse(point);
        double[] rows = edgeRows(model);
        ModelExport.IntervalModels interval = new ModelExport.IntervalModels(0.8, lower, upper);
        ModelExport export = ModelExport.prepare(point, interval, Target.RATIO, rows, new double[]{1e6, 25}, QUIET);
        assertTrue(export.parity().maxRelativeError() <= Parity.BOUND, "parity " + export.parity());

        ModelProto graph = TreeEnsembleExporter.export(
                List.of(model, LightGbmModel.parse(lower), LightGbmModel.parse(upper)), ModelExport.INPUT,
                ModelExport.outputNames(), "test", Target.RATIO.scaleColumn(model));
        assertEquals(List.of("volume", "volume_lower", "volume_upper"),
                graph.getGraph().getOutputList().stream().map(o -> o.getName()).toList());
        double[][] actual = ParityCheck.predict(graph.toByteArray(), ModelExport.INPUT, ModelExport.outputNames(), rows, 2);
        double[][] trees = {LightGbmFixtures.lightgbmPredict(point, rows, 2), LightGbmFixtures.lightgbmPredict(lower, rows, 2),
                LightGbmFixtures.lightgbmPredict(upper, rows, 2)};
        for (int i = 0; i < trees[0].length; i++) {
            double value = Target.output(trees[0][i], rows, i, 2, 0);
            double low = Target.output(trees[1][i], rows, i, 2, 0);
            double high = Target.output(trees[2][i], rows, i, 2, 0);
            double[] expected = {value, Math.min(low, value), Math.max(high, value)};
            for (int k = 0; k < 3; k++) {
                int row = i;
                int output = k;
                assertTrue(Parity.relativeError(actual[k][i], expected[k]) <= 1e-12,
                        () -> "row " + row + " output " + output + ": " + actual[output][row] + " vs " + expected[output]);
            }
            if (!Double.isNaN(value)) {
                assertTrue(actual[1][i] <= actual[0][i] && actual[0][i] <= actual[2][i], "row " + i);
            }
        }
        double[][] bounds = export.evaluationBounds();
        assertEquals(rows.length / 2, bounds[0].length);
    }

    @Test
    void theRatioFormNeedsAVolMovingAvgInput() throws Exception {
        String text = LightGbmFixtures.train("objective=regression_l1 num_leaves=15", 500, false, 5);
        UnsupportedModelException refused = assertThrows(UnsupportedModelException.class,
                () -> ModelExport.prepare(text, Target.RATIO, new double[0], new double[0], QUIET));
        assertEquals("the ratio form multiplies by the input vol_moving_avg or vol_mean_30d, which the model's features"
                + " [Column_0, Column_1] lack", refused.getMessage());
    }

    @Test
    void aModelTrainedWithoutNaNReadsNaNAsZero() throws Exception {
        String text = LightGbmFixtures.train("objective=regression num_leaves=15", 2000, false, 20);
        assertEquals(EnumSet.of(MissingType.NONE), missingTypes(text));
        assertOnnxReproducesLightGbm(text);
    }

    @Test
    void aModelTrainedWithNaNSendsNaNToTheLearnedSide() throws Exception {
        String text = LightGbmFixtures.train("objective=regression num_leaves=15", 2000, true, 20);
        assertTrue(missingTypes(text).contains(MissingType.NAN), missingTypes(text).toString());
        assertOnnxReproducesLightGbm(text);
    }

    @Test
    void aZeroAsMissingModelSendsZeroAndNaNToTheDefaultSide() throws Exception {
        String text = LightGbmFixtures.train("objective=regression num_leaves=15 zero_as_missing=true", 2000, true, 20);
        assertTrue(missingTypes(text).contains(MissingType.ZERO), missingTypes(text).toString());
        assertOnnxReproducesLightGbm(text);
    }

    @Test
    void aDartModelMatches() throws Exception {
        assertOnnxReproducesLightGbm(LightGbmFixtures.train(
                "objective=regression boosting=dart num_leaves=31 max_depth=10 learning_rate=0.1", 2000, true, 30));
    }

    @Test
    void aRandomForestAveragesItsTrees() throws Exception {
        String text = LightGbmFixtures.train(
                "objective=regression boosting=rf bagging_freq=1 bagging_fraction=0.7 num_leaves=15", 2000, true, 10);
        assertTrue(LightGbmModel.parse(text).averageOutput());
        assertOnnxReproducesLightGbm(text);
    }

    @Test
    void aTreeWithASingleLeafIsAConstant() throws Exception {
        // a label that does not vary gives trees with no split
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        float[] y = {7, 7, 7, 7, 7, 7};
        String text = LightGbmFixtures.trainOn(x, y, "objective=regression min_data_in_leaf=1", 3);
        assertEquals(0, LightGbmModel.parse(text).trees().get(0).internalNodes());
        assertOnnxReproducesLightGbm(text);
    }

    /**
     * Hand-written one-split trees for every zero-as-missing case, including the two where the
     * split becomes three nodes and a subtree is written twice. LightGBM loads the same text.
     */
    @ParameterizedTest(name = "decision_type {0}, threshold {1}")
    @CsvSource({
            "6, 5", "6, 0", "6, -5", "6, 1e-36", "6, -1e-36",
            "4, 5", "4, 0", "4, -5", "4, 1e-36", "4, -1e-36",
            "0, 5", "0, -5", "2, -5", "8, 5", "10, 5", "10, -5"
    })
    void everyMissingValueRuleMatches(int decisionType, double threshold) throws Exception {
        assertOnnxReproducesLightGbm(handWrittenTree(decisionType, threshold));
    }

    /** Root splits feature 0 by the rule under test; its left child splits feature 1. */
    private static String handWrittenTree(int decisionType, double threshold) {
        return String.join("\n",
                "tree", "version=v4", "num_class=1", "num_tree_per_iteration=1", "label_index=0",
                "max_feature_idx=1", "objective=regression", "feature_names=a b",
                "feature_infos=[-10:10] [0:20]", "",
                "Tree=0", "num_leaves=3", "num_cat=0", "split_feature=0 1", "split_gain=1 1",
                "threshold=" + threshold + " 2.5", "decision_type=" + decisionType + " 2",
                "left_child=1 -1", "right_child=-3 -2", "leaf_value=10 20 30",
                "leaf_weight=1 1 1", "leaf_count=1 1 1", "internal_value=0 0", "internal_weight=0 0",
                "internal_count=3 2", "is_linear=0", "shrinkage=1", "", "", "end of trees", "");
    }

    @Test
    void categoricalSplitsAreRefused() throws Exception {
        double[] x = new double[4000];
        float[] y = new float[2000];
        for (int i = 0; i < 2000; i++) {
            x[2 * i] = (i * 7) % 5;
            x[2 * i + 1] = 1;
            y[i] = ((i * 7) % 5) * 10 + (i % 3);
        }
        String text = LightGbmFixtures.trainOn(x, y, "objective=regression categorical_feature=0", 3);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> LightGbmModel.parse(text));
        assertTrue(e.getMessage().contains("categorical splits; not supported"), e.getMessage());
    }

    @Test
    void multiclassModelsAreRefused() throws Exception {
        double[] x = new double[600];
        float[] y = new float[300];
        for (int i = 0; i < 300; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = i % 7;
            y[i] = i % 3;
        }
        String text = LightGbmFixtures.trainOn(x, y, "objective=multiclass num_class=3", 2);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> LightGbmModel.parse(text));
        assertTrue(e.getMessage().startsWith("multiclass models are not supported"), e.getMessage());
    }

    @Test
    void linearTreesAreRefused() throws Exception {
        String text = LightGbmFixtures.train("objective=regression linear_tree=true", 500, false, 2);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> LightGbmModel.parse(text));
        assertTrue(e.getMessage().contains("linear tree; not supported"), e.getMessage());
    }

    @Test
    void objectivesThatTransformTheOutputAreRefused() throws Exception {
        double[] x = new double[400];
        float[] y = new float[200];
        for (int i = 0; i < 200; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = i % 7;
            y[i] = i % 11;
        }
        String text = LightGbmFixtures.trainOn(x, y, "objective=poisson", 2);
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> LightGbmModel.parse(text));
        assertTrue(e.getMessage().startsWith("objective 'poisson' transforms its output"), e.getMessage());
    }

    @Test
    void textThatIsNotALightGbmModelIsRefused() {
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                () -> LightGbmModel.parse("{\"not\": \"a model\"}"));
        assertTrue(e.getMessage().startsWith("not a LightGBM text model"), e.getMessage());
    }
}

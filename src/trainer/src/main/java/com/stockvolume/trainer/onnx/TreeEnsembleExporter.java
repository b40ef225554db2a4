package com.stockvolume.trainer.onnx;

import static com.stockvolume.trainer.onnx.OnnxProtos.doubleMatrix;
import static com.stockvolume.trainer.onnx.OnnxProtos.doubleTensorAttr;
import static com.stockvolume.trainer.onnx.OnnxProtos.int64Vector;
import static com.stockvolume.trainer.onnx.OnnxProtos.intAttr;
import static com.stockvolume.trainer.onnx.OnnxProtos.intsAttr;
import static com.stockvolume.trainer.onnx.OnnxProtos.uint8TensorAttr;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.stockvolume.card.ModelCard.OnnxFormat;
import com.stockvolume.trainer.lightgbm.LightGbmModel;
import com.stockvolume.trainer.lightgbm.LightGbmTree;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes a LightGBM regression ensemble as one ai.onnx.ml {@code TreeEnsemble} node (opset 5),
 * double in and double out, so thresholds, leaves and the sum keep LightGBM's precision. ONNX
 * Runtime 1.24 runs this operator on double input (checked by the parity step after every export),
 * so the opset-3 TreeEnsembleRegressor, whose output is float, is not needed.
 *
 * <p>LightGBM's numerical split (Tree::NumericalDecision) maps onto BRANCH_LEQ with left as the
 * true branch; only where NaN and zero go needs care. LightGBM's C API first turns any input with
 * |x| <= 1e-35f into 0.0 (it drops such values when it reads a dense row), then per decision_type:
 * <ul>
 *   <li>None: a NaN is read as 0.0, so NaN and the zero region go where 0.0 goes.
 *   <li>NaN: a NaN goes to the default side; the zero region goes where 0.0 goes.
 *   <li>Zero: a NaN and the zero region go to the default side.
 * </ul>
 * Where the zero region's side is not where the comparison sends it, the split becomes two or
 * three nodes and a child subtree is written twice, so the result stays a tree. Trained models
 * rarely need this (thresholds sit between bin values, not inside +-1e-35) except zero_as_missing.
 */
public final class TreeEnsembleExporter {

    public static final String OPERATOR = "ai.onnx.ml.TreeEnsemble";
    /** The standard nodes after the ensemble when its sum is scaled by an input column. */
    public static final String SCALE_NODES = "Slice, Mul, Relu";
    /** The standard nodes that split an ensemble of three targets into a value and its interval's bounds. */
    public static final String INTERVAL_NODES = "Slice, Min, Max";
    private static final String ML_DOMAIN = "ai.onnx.ml";
    private static final long IR_VERSION = 10;
    private static final long OPSET = 21;
    private static final long ML_OPSET = 5;

    // TreeEnsemble (ai.onnx.ml v5) enumerations.
    private static final int BRANCH_LEQ = 0;
    private static final int BRANCH_LT = 1;
    private static final int AGGREGATE_AVERAGE = 0;
    private static final int AGGREGATE_SUM = 1;
    private static final int POST_TRANSFORM_NONE = 0;

    private final List<Long> modes = new ArrayList<>();
    private final List<Long> featureIds = new ArrayList<>();
    private final List<Double> splits = new ArrayList<>();
    private final List<Long> trueIds = new ArrayList<>();
    private final List<Long> trueLeafs = new ArrayList<>();
    private final List<Long> falseIds = new ArrayList<>();
    private final List<Long> falseLeafs = new ArrayList<>();
    private final List<Long> nanGoesTrue = new ArrayList<>();
    private final List<Double> leafWeights = new ArrayList<>();
    private final List<Long> leafTargets = new ArrayList<>();
    private final List<Long> roots = new ArrayList<>();
    private long target;

    private TreeEnsembleExporter() {
    }

    /** How a graph with ({@code scaled}) or without post-processing is built, for the model card. */
    public static OnnxFormat format(boolean scaled) {
        return format(scaled, false);
    }

    /** The same for a graph whose ensemble has a second and a third target, an interval's bounds. */
    public static OnnxFormat format(boolean scaled, boolean interval) {
        String post = scaled ? SCALE_NODES + ": output = max(0, TreeEnsemble(input) * input[:, column]), in double" : null;
        if (interval) {
            post = (post == null ? "" : post + "; then ") + INTERVAL_NODES
                    + ": one TreeEnsemble with three targets (the point model's trees, then each bound's), split into"
                    + " three outputs; lower = min(lower, output), upper = max(upper, output)";
        }
        return new OnnxFormat(IR_VERSION, OPSET, ML_OPSET, OPERATOR, "double", post);
    }

    /**
     * @param input name of the [N, features] double input
     * @param output name of the [N, 1] double output
     * @param scaleColumn -1: the output is the ensemble's sum; otherwise the sum times this input
     *     column, floored at 0, by standard ONNX nodes (Slice, Mul, Relu) after the ensemble
     */
    public static ModelProto export(LightGbmModel model, String input, String output, String docString,
            int scaleColumn) {
        return export(List.of(model), input, List.of(output), docString, scaleColumn);
    }

    /**
     * One model, or a point model and an interval's lower and upper quantile models on the same inputs
     * as one ensemble of three targets, whose outputs are the point value and the bounds held around it
     * (lower <= output <= upper).
     *
     * @param outputs one name per model, each [N, 1] double
     */
    public static ModelProto export(List<LightGbmModel> models, String input, List<String> outputs, String docString,
            int scaleColumn) {
        if (models.size() != outputs.size() || (models.size() != 1 && models.size() != 3)) {
            throw new IllegalArgumentException("one model, or a point model and two bounds, each with an output name");
        }
        TreeEnsembleExporter exporter = new TreeEnsembleExporter();
        for (LightGbmModel model : models) {
            if (model.averageOutput() != models.get(0).averageOutput()
                    || !model.featureNames().equals(models.get(0).featureNames())) {
                throw new IllegalArgumentException(
                        "the interval's models must take the point model's inputs and aggregate alike");
            }
            for (LightGbmTree tree : model.trees()) {
                exporter.roots.add((long) exporter.emitRoot(tree).index());
            }
            exporter.target++;
        }
        return exporter.toModel(models.get(0), input, outputs, docString, scaleColumn);
    }

    /** A node or a leaf, by its index in the node or the leaf arrays. */
    private record Ref(boolean leaf, int index) {
    }

    private Ref emitRoot(LightGbmTree tree) {
        if (tree.internalNodes() == 0) {
            // v5 roots must be nodes: a constant tree becomes a split whose both sides agree.
            double value = tree.leafValue()[0];
            return branch(BRANCH_LEQ, 0, 0.0, true, () -> leaf(value), () -> leaf(value));
        }
        return emitNode(tree, 0);
    }

    private Ref emitChild(LightGbmTree tree, int child) {
        return child < 0 ? leaf(tree.leafValue()[~child]) : emitNode(tree, child);
    }

    private Ref emitNode(LightGbmTree tree, int n) {
        int f = tree.splitFeature()[n];
        double t = tree.threshold()[n];
        int decision = tree.decisionType()[n];
        Supplier<Ref> left = () -> emitChild(tree, tree.leftChild()[n]);
        Supplier<Ref> right = () -> emitChild(tree, tree.rightChild()[n]);
        boolean defaultLeft = LightGbmTree.defaultLeft(decision);
        // Where a NaN and where the zero region |x| <= z end up; every other x goes left iff x <= t.
        boolean zeroLeft;
        boolean nanLeft;
        switch (LightGbmTree.missingType(decision)) {
            case NONE -> {
                zeroLeft = 0.0 <= t;
                nanLeft = zeroLeft;
            }
            case ZERO -> {
                zeroLeft = defaultLeft;
                nanLeft = defaultLeft;
            }
            default -> {
                zeroLeft = 0.0 <= t;
                nanLeft = defaultLeft;
            }
        }
        double z = LightGbmTree.ZERO_THRESHOLD;
        if (zeroLeft ? t >= z : t < -z) {
            return branch(BRANCH_LEQ, f, t, nanLeft, left, right); // the comparison already agrees
        }
        if (-z <= t && t < z) {
            return zeroLeft
                    ? branch(BRANCH_LEQ, f, z, nanLeft, left, right)
                    : branch(BRANCH_LT, f, -z, nanLeft, left, right);
        }
        if (zeroLeft) { // t < -z: left on (-inf, t] and [-z, z]; right on (t, -z) and (z, inf)
            return branch(BRANCH_LEQ, f, t, nanLeft, left,
                    () -> branch(BRANCH_LT, f, -z, true, right,
                            () -> branch(BRANCH_LEQ, f, z, false, left, right)));
        }
        // t >= z: left on (-inf, -z) and (z, t]; right on [-z, z] and (t, inf)
        return branch(BRANCH_LT, f, -z, nanLeft, left,
                () -> branch(BRANCH_LEQ, f, z, true, right,
                        () -> branch(BRANCH_LEQ, f, t, false, left, right)));
    }

    private Ref leaf(double value) {
        leafWeights.add(value);
        leafTargets.add(target);
        return new Ref(true, leafWeights.size() - 1);
    }

    /** Reserves the node before its children, so a tree's nodes run in pre-order from its root. */
    private Ref branch(int mode, int feature, double split, boolean nanTrue,
            Supplier<Ref> onTrue, Supplier<Ref> onFalse) {
        int index = modes.size();
        modes.add((long) mode);
        featureIds.add((long) feature);
        splits.add(split);
        nanGoesTrue.add(nanTrue ? 1L : 0L);
        trueIds.add(0L);
        trueLeafs.add(0L);
        falseIds.add(0L);
        falseLeafs.add(0L);
        Ref t = onTrue.get();
        Ref f = onFalse.get();
        trueIds.set(index, (long) t.index());
        trueLeafs.set(index, t.leaf() ? 1L : 0L);
        falseIds.set(index, (long) f.index());
        falseLeafs.set(index, f.leaf() ? 1L : 0L);
        return new Ref(false, index);
    }

    private ModelProto toModel(LightGbmModel model, String input, List<String> outputs, String docString,
            int scaleColumn) {
        boolean interval = outputs.size() == 3;
        String output = outputs.get(0);
        String trees = scaleColumn < 0 && !interval ? output : "trees";
        NodeProto node = NodeProto.newBuilder()
                .setName("lightgbm_trees")
                .setOpType("TreeEnsemble")
                .setDomain(ML_DOMAIN)
                .addInput(input)
                .addOutput(trees)
                .addAttribute(intAttr("n_targets", outputs.size()))
                .addAttribute(intAttr("aggregate_function",
                        model.averageOutput() ? AGGREGATE_AVERAGE : AGGREGATE_SUM))
                .addAttribute(intAttr("post_transform", POST_TRANSFORM_NONE))
                .addAttribute(intsAttr("tree_roots", roots))
                .addAttribute(uint8TensorAttr("nodes_modes", modes))
                .addAttribute(intsAttr("nodes_featureids", featureIds))
                .addAttribute(doubleTensorAttr("nodes_splits", splits))
                .addAttribute(intsAttr("nodes_truenodeids", trueIds))
                .addAttribute(intsAttr("nodes_trueleafs", trueLeafs))
                .addAttribute(intsAttr("nodes_falsenodeids", falseIds))
                .addAttribute(intsAttr("nodes_falseleafs", falseLeafs))
                .addAttribute(intsAttr("nodes_missing_value_tracks_true", nanGoesTrue))
                .addAttribute(intsAttr("leaf_targetids", leafTargets))
                .addAttribute(doubleTensorAttr("leaf_weights", leafWeights))
                .build();
        GraphProto.Builder graph = GraphProto.newBuilder()
                .setName("lightgbm")
                .addNode(node)
                .addInput(doubleMatrix(input, model.featureCount()));
        for (String name : outputs) {
            graph.addOutput(doubleMatrix(name, 1));
        }
        if (!interval) {
            if (scaleColumn >= 0) {
                scale(graph, input, trees, output, scaleColumn);
            }
        } else {
            String values = trees;
            if (scaleColumn >= 0) {
                values = "scaled_targets";
                scale(graph, input, trees, values, scaleColumn);
            }
            bounds(graph, values, outputs);
        }
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("stock-volume-trainer")
                .setDocString(docString)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(ML_OPSET))
                .setGraph(graph)
                .build();
    }

    /**
     * output = max(0, trees * input[:, column:column+1]). A Slice keeps the [N, 1] shape, so Mul needs
     * no broadcast; Relu floors the product because an L1 model's trees can sum to a ratio a little
     * below 0 (-0.013 on the held-out rows of version 2), and a volume is never negative.
     */
    /**
     * Splits the [N, 3] targets into the value and its bounds, each [N, 1], holding the bounds around the
     * value: quantile models trained apart can cross it on a few rows.
     */
    private static void bounds(GraphProto.Builder graph, String targets, List<String> outputs) {
        graph.addInitializer(int64Vector("target_axes", 1));
        String[] raw = {outputs.get(0), "lower_bound", "upper_bound"};
        for (int t = 0; t < 3; t++) {
            graph.addInitializer(int64Vector("target_" + t + "_start", t))
                    .addInitializer(int64Vector("target_" + t + "_end", t + 1L))
                    .addNode(NodeProto.newBuilder().setName("target_" + t).setOpType("Slice")
                            .addInput(targets).addInput("target_" + t + "_start").addInput("target_" + t + "_end")
                            .addInput("target_axes").addOutput(raw[t]));
        }
        graph.addNode(NodeProto.newBuilder().setName("lower_at_most_value").setOpType("Min")
                .addInput(raw[1]).addInput(outputs.get(0)).addOutput(outputs.get(1)))
                .addNode(NodeProto.newBuilder().setName("upper_at_least_value").setOpType("Max")
                        .addInput(raw[2]).addInput(outputs.get(0)).addOutput(outputs.get(2)));
    }

    private static void scale(GraphProto.Builder graph, String input, String trees, String output, int column) {
        graph.addInitializer(int64Vector("scale_starts", column))
                .addInitializer(int64Vector("scale_ends", column + 1L))
                .addInitializer(int64Vector("scale_axes", 1))
                .addNode(NodeProto.newBuilder().setName("scale_column").setOpType("Slice")
                        .addInput(input).addInput("scale_starts").addInput("scale_ends").addInput("scale_axes")
                        .addOutput("scale"))
                .addNode(NodeProto.newBuilder().setName("scale_trees").setOpType("Mul")
                        .addInput(trees).addInput("scale").addOutput("scaled"))
                .addNode(NodeProto.newBuilder().setName("floor_at_zero").setOpType("Relu")
                        .addInput("scaled").addOutput(output));
    }

}

package com.stockvolume.trainer.lightgbm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A LightGBM model read from its text format ({@code booster.save_model}, {@code saveModelToString}).
 * Only what a single-output regression tree ensemble needs; everything else is refused.
 *
 * @param featureRanges per feature {min, max} from {@code feature_infos}, or null where LightGBM
 *     recorded none (an unused feature)
 */
public record LightGbmModel(
        String objective,
        List<String> featureNames,
        List<double[]> featureRanges,
        boolean averageOutput,
        List<LightGbmTree> trees,
        Map<String, String> parameters) {

    /** Objectives whose prediction is the raw sum of leaves, with no output transform. */
    private static final List<String> RAW_OBJECTIVES = List.of("regression", "regression_l1", "huber", "fair", "quantile",
            "mape");

    public int featureCount() {
        return featureNames.size();
    }

    public static LightGbmModel parse(String text) throws UnsupportedModelException {
        String[] lines = text.split("\r?\n");
        Map<String, String> header = new LinkedHashMap<>();
        int i = 0;
        if (lines.length == 0 || !lines[0].trim().equals("tree")) {
            throw new UnsupportedModelException("not a LightGBM text model (first line is not 'tree')");
        }
        for (i = 1; i < lines.length && !lines[i].startsWith("Tree="); i++) {
            putKeyValue(header, lines[i]);
        }
        int numClass = intValue(header, "num_class", "1");
        int perIteration = intValue(header, "num_tree_per_iteration", "1");
        if (numClass != 1 || perIteration != 1) {
            throw new UnsupportedModelException("multiclass models are not supported (num_class="
                    + numClass + ", num_tree_per_iteration=" + perIteration + ")");
        }
        String objective = header.getOrDefault("objective", "regression").trim();
        String objectiveName = objective.split(" ")[0];
        if (!RAW_OBJECTIVES.contains(objectiveName) || objective.contains("sqrt")) {
            throw new UnsupportedModelException("objective '" + objective + "' transforms its output;"
                    + " only " + RAW_OBJECTIVES + " without sqrt are supported");
        }
        int featureCount = intValue(header, "max_feature_idx", null) + 1;
        List<String> names = header.containsKey("feature_names")
                ? List.of(header.get("feature_names").trim().split(" "))
                : defaultNames(featureCount);
        if (names.size() != featureCount) {
            throw new UnsupportedModelException("feature_names lists " + names.size()
                    + " features, max_feature_idx says " + featureCount);
        }
        List<double[]> ranges = parseRanges(header.get("feature_infos"), featureCount);

        List<LightGbmTree> trees = new ArrayList<>();
        while (i < lines.length && lines[i].startsWith("Tree=")) {
            Map<String, String> tree = new LinkedHashMap<>();
            String id = lines[i].substring("Tree=".length());
            for (i++; i < lines.length && !lines[i].startsWith("Tree=")
                    && !lines[i].startsWith("end of trees"); i++) {
                putKeyValue(tree, lines[i]);
            }
            trees.add(parseTree(id, tree, featureCount));
        }
        if (trees.isEmpty()) {
            throw new UnsupportedModelException("the model has no trees");
        }
        return new LightGbmModel(objective, names, ranges, header.containsKey("average_output"),
                List.copyOf(trees), parseParameters(lines, i));
    }

    private static LightGbmTree parseTree(String id, Map<String, String> tree, int featureCount)
            throws UnsupportedModelException {
        int leaves = intValue(tree, "num_leaves", null);
        if (intValue(tree, "num_cat", "0") > 0) {
            throw new UnsupportedModelException("tree " + id + " has categorical splits; not supported");
        }
        if (intValue(tree, "is_linear", "0") != 0) {
            throw new UnsupportedModelException("tree " + id + " is a linear tree; not supported");
        }
        double[] leafValue = doubles(tree, "leaf_value", leaves, id);
        if (leaves == 1) {
            return new LightGbmTree(new int[0], new double[0], new int[0], new int[0], new int[0], leafValue);
        }
        int internal = leaves - 1;
        int[] feature = ints(tree, "split_feature", internal, id);
        int[] decision = ints(tree, "decision_type", internal, id);
        for (int n = 0; n < internal; n++) {
            if ((decision[n] & LightGbmTree.CATEGORICAL_MASK) != 0) {
                throw new UnsupportedModelException("tree " + id + " has categorical splits; not supported");
            }
            if (feature[n] < 0 || feature[n] >= featureCount) {
                throw new UnsupportedModelException("tree " + id + " splits on unknown feature " + feature[n]);
            }
        }
        return new LightGbmTree(feature, doubles(tree, "threshold", internal, id), decision,
                ints(tree, "left_child", internal, id), ints(tree, "right_child", internal, id), leafValue);
    }

    private static void putKeyValue(Map<String, String> into, String line) {
        int eq = line.indexOf('=');
        if (eq > 0) {
            into.put(line.substring(0, eq), line.substring(eq + 1));
        } else if (!line.isBlank()) {
            into.put(line.trim(), "");
        }
    }

    private static int intValue(Map<String, String> map, String key, String fallback)
            throws UnsupportedModelException {
        String value = map.getOrDefault(key, fallback);
        if (value == null) {
            throw new UnsupportedModelException("the model lacks '" + key + "'");
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UnsupportedModelException("'" + key + "' is not a number: " + value);
        }
    }

    private static String[] field(Map<String, String> tree, String key, int count, String id)
            throws UnsupportedModelException {
        String value = tree.get(key);
        if (value == null) {
            throw new UnsupportedModelException("tree " + id + " lacks '" + key + "'");
        }
        String[] parts = value.trim().split(" ");
        if (parts.length != count) {
            throw new UnsupportedModelException("tree " + id + ": '" + key + "' has " + parts.length
                    + " values, expected " + count);
        }
        return parts;
    }

    private static int[] ints(Map<String, String> tree, String key, int count, String id)
            throws UnsupportedModelException {
        try {
            return Arrays.stream(field(tree, key, count, id)).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new UnsupportedModelException("tree " + id + ": '" + key + "' is not a list of integers");
        }
    }

    private static double[] doubles(Map<String, String> tree, String key, int count, String id)
            throws UnsupportedModelException {
        try {
            return Arrays.stream(field(tree, key, count, id)).mapToDouble(LightGbmModel::number).toArray();
        } catch (NumberFormatException e) {
            throw new UnsupportedModelException("tree " + id + ": '" + key + "' is not a list of numbers");
        }
    }

    /** A number as LightGBM prints it: C's "inf", "-inf" and "nan" included. */
    private static double number(String text) {
        return switch (text) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private static List<String> defaultNames(int count) {
        List<String> names = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            names.add("Column_" + f);
        }
        return names;
    }

    /** feature_infos is "[min:max]" per feature, or "none" for a feature no tree uses. */
    private static List<double[]> parseRanges(String infos, int count) {
        List<double[]> ranges = new ArrayList<>();
        String[] parts = infos == null ? new String[0] : infos.trim().split(" ");
        for (int f = 0; f < count; f++) {
            double[] range = null;
            if (f < parts.length && parts[f].startsWith("[") && parts[f].endsWith("]")) {
                String[] bounds = parts[f].substring(1, parts[f].length() - 1).split(":");
                if (bounds.length == 2) {
                    range = new double[]{number(bounds[0]), number(bounds[1])};
                }
            }
            ranges.add(range);
        }
        return ranges;
    }

    /** The "parameters:" section, lines like "[boosting: dart]". */
    private static Map<String, String> parseParameters(String[] lines, int from) {
        Map<String, String> parameters = new LinkedHashMap<>();
        boolean inside = false;
        for (int i = from; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.equals("parameters:")) {
                inside = true;
            } else if (line.equals("end of parameters")) {
                break;
            } else if (inside && line.startsWith("[") && line.endsWith("]")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    parameters.put(line.substring(1, colon).trim(),
                            line.substring(colon + 1, line.length() - 1).trim());
                }
            }
        }
        return parameters;
    }
}

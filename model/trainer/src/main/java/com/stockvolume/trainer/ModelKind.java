package com.stockvolume.trainer;

import com.stockvolume.card.ModelCard.FeatureSpec;
import com.stockvolume.features.Bar;
import com.stockvolume.features.FeatureRow;
import com.stockvolume.features.ForecastFeatures;
import com.stockvolume.features.WindowFeatures;
import com.stockvolume.trainer.dataset.SymbolFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two models the trainer makes: the original-compatible same-day model and the next-day forecast.
 * Each says which rows a symbol's bars give, with which features, and what the evaluation compares it
 * with: the naive baseline is always input column 0 (the 30-day mean Volume); the original model
 * always takes the same day's (vol_moving_avg, adj_close_rolling_med).
 */
enum ModelKind {

    /** stock-volume: Volume of day d from the 30-day window ending at d (the original contract). */
    STOCK_VOLUME("stock-volume", definitions(WindowFeatures.FEATURE_NAMES,
            List.of(WindowFeatures.VOL_MOVING_AVG_DEFINITION, WindowFeatures.ADJ_CLOSE_ROLLING_MED_DEFINITION)), 0),

    /**
     * stock-volume-forecast: Volume of day d from the bars strictly before d. Context: the same day's
     * vol_moving_avg and adj_close_rolling_med (for the original model), and the previous bar's Volume.
     */
    FORECAST("stock-volume-forecast", ForecastFeatures.DEFINITIONS, 3);

    private final String modelName;
    private final Map<String, String> definitions;
    private final int contextColumns;

    ModelKind(String modelName, Map<String, String> definitions, int contextColumns) {
        this.modelName = modelName;
        this.definitions = definitions;
        this.contextColumns = contextColumns;
    }

    String modelName() {
        return modelName;
    }

    List<String> featureNames() {
        return List.copyOf(definitions.keySet());
    }

    FeatureTable newTable() {
        return new FeatureTable(definitions.size(), contextColumns);
    }

    /** Adds the rows of one symbol's bars to {@code table}. */
    void add(FeatureTable table, SymbolFile symbol, List<Bar> bars) {
        List<FeatureRow> sameDay = WindowFeatures.compute(bars);
        if (this == STOCK_VOLUME) {
            for (FeatureRow row : sameDay) {
                table.add(symbol, row.date(), row.volume(), new double[]{row.volMovingAvg(), row.adjCloseRollingMed()},
                        new double[0]);
            }
            return;
        }
        Map<java.time.LocalDate, FeatureRow> byDate = new HashMap<>();
        sameDay.forEach(row -> byDate.put(row.date(), row));
        Bar[] sorted = bars.stream().sorted(java.util.Comparator.comparing(Bar::date)).toArray(Bar[]::new);
        int next = 0; // the first bar dated on or after the row's day
        for (ForecastFeatures.Row row : ForecastFeatures.forEveryBar(bars)) {
            while (next < sorted.length && sorted[next].date().isBefore(row.date())) {
                next++;
            }
            FeatureRow same = byDate.get(row.date());
            table.add(symbol, row.date(), row.bar().volume(), row.features(),
                    new double[]{same.volMovingAvg(), same.adjCloseRollingMed(), sorted[next - 1].volume()});
        }
    }

    /** Row-major (vol_moving_avg, adj_close_rolling_med) of the same day, what the original model takes. */
    double[] originalInput(FeatureTable table, int[] rows) {
        return this == STOCK_VOLUME ? table.features(rows) : table.context(rows, 0, 2);
    }

    /** The previous bar's Volume as the forecast, or NaN where that baseline does not apply. */
    double previousDay(FeatureTable table, int r) {
        return this == STOCK_VOLUME ? Double.NaN : table.context(r, 2);
    }

    List<FeatureSpec> specs(FeatureTable table, int[] trainRows) {
        List<FeatureSpec> specs = new ArrayList<>();
        int c = 0;
        for (Map.Entry<String, String> feature : definitions.entrySet()) {
            double[] range = table.range(c++, trainRows);
            specs.add(new FeatureSpec(feature.getKey(), feature.getValue(), range[0], range[1]));
        }
        return specs;
    }

    private static Map<String, String> definitions(List<String> names, List<String> texts) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), texts.get(i));
        }
        return map;
    }
}

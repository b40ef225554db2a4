package com.stockvolume.features;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a model folder holds, and the one place that says it: the columns it can compute and their
 * definitions, which of them a version must take, and how a symbol's bars become rows of them (a version
 * takes some or all of a row's columns: {@link InputColumns}). The trainer trains each kind and names it in the card; the
 * service serves a model by its kind (the original GET API and /v1/predictions only a same-day model;
 * from-bars either).
 */
public enum ModelKind {

    /** The day's Volume from the 30 calendar days ending that day, its own bar included: the original contract. */
    SAME_DAY("same-day", "stock-volume", WindowFeatures.DEFINITIONS, WindowFeatures.DEFINITIONS.keySet(), 0) {

        @Override
        public List<InputRow> everyBar(List<Bar> bars) {
            return WindowFeatures.compute(bars).stream().map(ModelKind::sameDayRow).toList();
        }

        @Override
        public InputRow at(Bar[] sorted, LocalDate day) {
            FeatureRow row = WindowFeatures.at(sorted, day);
            return row == null ? null : sameDayRow(row);
        }

        @Override
        public LocalDate defaultDay(LocalDate lastBar) {
            return lastBar;
        }

        @Override
        public String noRow(LocalDate day, LocalDate lastBar) {
            return "no bar on " + day;
        }
    },

    /** The day's Volume from the bars strictly before it: a forecast made before the session opens. */
    FORECAST("forecast", "stock-volume-forecast", ForecastFeatures.DEFINITIONS, List.of(),
            ForecastFeatures.MAX_DAYS_AHEAD) {

        @Override
        public List<InputRow> everyBar(List<Bar> bars) {
            return ForecastFeatures.forEveryBar(bars).stream()
                    .map(r -> new InputRow(r.date(), r.features(), ForecastFeatures.windowBars(r.features()), r.bar()))
                    .toList();
        }

        @Override
        public InputRow at(Bar[] sorted, LocalDate day) {
            if (day.isAfter(sorted[sorted.length - 1].date().plusDays(maxDaysAfterLastBar()))) {
                return null;
            }
            double[] features = ForecastFeatures.at(sorted, day);
            int found = Arrays.binarySearch(sorted, new Bar(day, 0, 0), (a, b) -> a.date().compareTo(b.date()));
            return features == null
                    ? null
                    : new InputRow(day, features, ForecastFeatures.windowBars(features), found >= 0 ? sorted[found] : null);
        }

        @Override
        public LocalDate defaultDay(LocalDate lastBar) {
            return lastBar.plusDays(1);
        }

        @Override
        public String noRow(LocalDate day, LocalDate lastBar) {
            return day.isAfter(lastBar.plusDays(maxDaysAfterLastBar()))
                    ? day + " is more than " + maxDaysAfterLastBar() + " days after the last bar (" + lastBar + ")"
                    : "no bar in the " + ForecastFeatures.WINDOW_DAYS + " days before " + day;
        }
    };

    private final String id;
    private final String defaultModelName;
    private final Map<String, String> definitions;
    private final List<String> featureNames;
    private final List<String> requiredInputs;
    private final int maxDaysAfterLastBar;

    ModelKind(String id, String defaultModelName, Map<String, String> definitions, Collection<String> requiredInputs,
            int maxDaysAfterLastBar) {
        this.id = id;
        this.defaultModelName = defaultModelName;
        this.definitions = definitions;
        this.featureNames = List.copyOf(definitions.keySet());
        this.requiredInputs = List.copyOf(requiredInputs);
        this.maxDaysAfterLastBar = maxDaysAfterLastBar;
    }

    /** The kind as model cards and the trainer's {@code --model} name it. */
    public String id() {
        return id;
    }

    /** The model folder the trainer writes this kind to unless told otherwise. */
    public String defaultModelName() {
        return defaultModelName;
    }

    /** Every column this kind computes, in the order of its rows; a new model takes them all unless told otherwise. */
    public List<String> featureNames() {
        return featureNames;
    }

    /**
     * The columns every version must take: both of a same-day model's, which GET /predict and
     * /v1/predictions send; none of a forecast's.
     */
    public List<String> requiredInputs() {
        return requiredInputs;
    }

    /** One-line definition of each column, by name, in row order: what the card states. */
    public Map<String, String> definitions() {
        return definitions;
    }

    /** How many calendar days after a symbol's last bar a row can be made for. */
    public int maxDaysAfterLastBar() {
        return maxDaysAfterLastBar;
    }

    /** The row (every column) of every bar's day that has one, in date order: for training and for from-bars' "all". */
    public abstract List<InputRow> everyBar(List<Bar> bars);

    /**
     * The row of {@code day} from a symbol's bars, or null when the day has none ({@link #noRow says why}).
     *
     * @param sorted one symbol's bars sorted by date, at least one, no two on one date
     */
    public abstract InputRow at(Bar[] sorted, LocalDate day);

    /** The day a request without dates asks about: the last bar's day, or the day after it for a forecast. */
    public abstract LocalDate defaultDay(LocalDate lastBar);

    /** Why {@link #at} has no row for {@code day}, as an error message names it. */
    public abstract String noRow(LocalDate day, LocalDate lastBar);

    /** The kind a card or a command line names by {@link #id()}. */
    public static ModelKind of(String id) {
        for (ModelKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("'" + id + "' is not a model kind; the kinds are "
                + Arrays.stream(values()).map(ModelKind::id).collect(Collectors.joining(", ")));
    }

    /** The kind that computes every one of {@code columns} and takes them as a version's inputs, if any. */
    public static Optional<ModelKind> withInputs(List<String> columns) {
        return Arrays.stream(values()).filter(k -> {
            try {
                InputColumns.of(k, columns);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }).findFirst();
    }

    private static InputRow sameDayRow(FeatureRow row) {
        return new InputRow(row.date(), new double[]{row.volMovingAvg(), row.adjCloseRollingMed()}, row.windowRows(),
                new Bar(row.date(), row.volume(), row.adjClose()));
    }
}

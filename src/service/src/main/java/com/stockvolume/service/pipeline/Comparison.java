package com.stockvolume.service.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A roll-out's candidate version against the default on the same rows: every compared row's relative difference, and
 * for rows with an actual volume both versions' absolute errors. Totals since the roll-out began; the newest
 * {@code kept} rows for the quantiles and the paired bootstrap. Meters: model_comparison_rows_total,
 * model_comparison_checks_total, model_comparison_absolute_error_total{side}, model_comparison_relative_difference,
 * model_comparison_dropped_total{reason}.
 */
public final class Comparison {

    static final String QUEUE_FULL = "queue-full";
    static final String CALLERS_WAITING = "callers-waiting";
    static final String REFUSED = "refused";
    static final String UNLOADED = "unloaded";
    private static final List<String> REASONS = List.of(QUEUE_FULL, CALLERS_WAITING, REFUSED, UNLOADED);
    // relative differences in percent, as whole numbers (Micrometer counts a value by its bucket's ceiling)
    private static final double[] DIFFERENCE_BUCKETS = {1, 2, 5, 10, 20, 50, 100, 200, 500};

    /**
     * What {@code GET /v1/models/{name}/versions/{version}/comparison} answers.
     *
     * @param against the default version the candidate was compared with
     * @param mode {@code canary} or {@code shadow}
     * @param rowsCompared rows both versions scored
     * @param actuals the rows with an actual volume: how many, each version's MAE, their ratio with its interval
     * @param relativeDifference |candidate - default| / default over the newest kept rows, in shares
     * @param dropped calls not compared, by reason
     */
    public record Report(String model, String version, String against, String mode, Instant since, long rowsCompared,
            Actuals actuals, Quantiles relativeDifference, Map<String, Long> dropped) {
    }

    /**
     * @param rows rows with an actual volume compared since the roll-out began
     * @param maeCandidate the candidate's mean absolute error on them (shares); null without rows
     * @param maeDefault the default's, on the same rows
     * @param ratio maeCandidate / maeDefault
     * @param ratioLower 2.5th percentile of the paired bootstrap's ratios
     * @param ratioUpper 97.5th percentile: below 1, the candidate is more accurate on these rows at 95%
     * @param intervalRows the newest rows the interval is drawn from (all of them, up to rollout.kept-rows)
     * @param method how the interval is made
     */
    public record Actuals(long rows, Double maeCandidate, Double maeDefault, Double ratio, Double ratioLower,
            Double ratioUpper, int intervalRows, String method) {
    }

    /** Null without rows. */
    public record Quantiles(Double median, Double p95) {
    }

    private final String model;
    private final String version;
    private final String against;
    private final String mode;
    private final Instant since = Instant.now();
    private final int kept;
    private final double[] differences;
    private final double[] candidateErrors;
    private final double[] defaultErrors;
    private long rows;
    private long checks;
    private double candidateErrorSum;
    private double defaultErrorSum;
    private final Counter rowsCounter;
    private final Counter checksCounter;
    private final Counter candidateError;
    private final Counter defaultError;
    private final DistributionSummary difference;
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();
    private final List<Meter> meters = new ArrayList<>();
    private Report cached;
    private long cachedAtNanos;

    Comparison(String model, String version, String against, String mode, int kept, MeterRegistry registry) {
        this.model = model;
        this.version = version;
        this.against = against;
        this.mode = mode;
        this.kept = kept;
        this.differences = new double[kept];
        this.candidateErrors = new double[kept];
        this.defaultErrors = new double[kept];
        this.rowsCounter = keep(Counter.builder("model.comparison.rows")
                .description("Rows a roll-out's candidate version and the default both scored").tags(tags())
                .register(registry));
        this.checksCounter = keep(Counter.builder("model.comparison.checks")
                .description("Compared rows with an actual volume").tags(tags()).register(registry));
        this.candidateError = keep(Counter.builder("model.comparison.absolute.error")
                .description("Sum of |actual - predicted| on compared rows with an actual volume, by side")
                .tags(tags()).tag("side", "candidate").register(registry));
        this.defaultError = keep(Counter.builder("model.comparison.absolute.error")
                .description("Sum of |actual - predicted| on compared rows with an actual volume, by side")
                .tags(tags()).tag("side", "default").register(registry));
        this.difference = keep(DistributionSummary.builder("model.comparison.relative.difference")
                .description("100 |candidate - default| / default per compared row, in percent").baseUnit("percent")
                .serviceLevelObjectives(DIFFERENCE_BUCKETS).tags(tags()).register(registry));
        for (String reason : REASONS) {
            dropped.put(reason, keep(Counter.builder("model.comparison.dropped")
                    .description("Calls of a roll-out not compared, by why").tags(tags()).tag("reason", reason)
                    .register(registry)));
        }
    }

    private String[] tags() {
        return new String[]{"model", model, "version", version};
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    String version() {
        return version;
    }

    /**
     * One call scored by both versions: each row's predictions, and which rows carry an actual volume.
     *
     * @param checkedRows indices of rows with an actual, {@code actuals} their volumes
     */
    synchronized void compared(double[] candidate, double[] baseline, int[] checkedRows, double[] actuals) {
        for (int r = 0; r < candidate.length; r++) {
            double share = Math.abs(candidate[r] - baseline[r]) / Math.max(Math.abs(baseline[r]), 1);
            differences[(int) (rows % kept)] = share;
            rows++;
            difference.record(100 * share);
        }
        rowsCounter.increment(candidate.length);
        for (int c = 0; c < checkedRows.length; c++) {
            double candidateAbs = Math.abs(actuals[c] - candidate[checkedRows[c]]);
            double defaultAbs = Math.abs(actuals[c] - baseline[checkedRows[c]]);
            int at = (int) (checks % kept);
            candidateErrors[at] = candidateAbs;
            defaultErrors[at] = defaultAbs;
            checks++;
            candidateErrorSum += candidateAbs;
            defaultErrorSum += defaultAbs;
            candidateError.increment(candidateAbs);
            defaultError.increment(defaultAbs);
        }
        checksCounter.increment(checkedRows.length);
    }

    void dropped(String reason) {
        dropped.get(reason).increment();
    }

    /** The figures now; the bootstrap is redone at most once a second (a GET must not cost a core). */
    synchronized Report report() {
        long now = System.nanoTime();
        if (cached != null && now - cachedAtNanos < 1_000_000_000L) {
            return cached;
        }
        int differenceRows = (int) Math.min(rows, kept);
        Quantiles quantiles = differenceRows == 0
                ? new Quantiles(null, null)
                : quantiles(Arrays.copyOf(differences, differenceRows));
        int intervalRows = (int) Math.min(checks, kept);
        PairedBootstrap.Interval interval = PairedBootstrap.ratioOfMeans(candidateErrors, defaultErrors, intervalRows,
                checks);
        Actuals actuals = new Actuals(checks, checks == 0 ? null : candidateErrorSum / checks,
                checks == 0 ? null : defaultErrorSum / checks,
                defaultErrorSum == 0 ? null : candidateErrorSum / defaultErrorSum,
                interval == null ? null : interval.lower(), interval == null ? null : interval.upper(), intervalRows,
                "paired bootstrap over rows (" + PairedBootstrap.RESAMPLES + " resamples, percentile interval) of the newest "
                        + kept + " rows with actuals");
        Map<String, Long> drops = new TreeMap<>();
        dropped.forEach((reason, counter) -> drops.put(reason, (long) counter.count()));
        cached = new Report(model, version, against, mode, since, rows, actuals, quantiles, drops);
        cachedAtNanos = now;
        return cached;
    }

    private static Quantiles quantiles(double[] values) {
        Arrays.sort(values);
        return new Quantiles(values[(int) Math.round(0.5 * (values.length - 1))],
                values[(int) Math.round(0.95 * (values.length - 1))]);
    }

    /** Removes its meters: a new roll-out of the model starts a comparison of its own. */
    void close(MeterRegistry registry) {
        meters.forEach(registry::remove);
    }
}

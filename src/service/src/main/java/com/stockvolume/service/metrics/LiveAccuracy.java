package com.stockvolume.service.metrics;

import com.stockvolume.card.ModelCard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model's error on actual volumes that from-bars requests carry (LiveChecks says which), per model
 * version since it loaded: model_live_checks_total, model_live_absolute_error_total and
 * model_live_actual_volume_total (so that Prometheus computes MAE and WAPE over any window), and
 * model_live_absolute_percentage_error_percent (a histogram of 100 |actual - predicted| / actual,
 * actual volumes above 0). Beside them model_heldout_mae{holdout,slice}: the card's errors on held-out rows,
 * the level the live MAE is expected near. Counters only: no rows are kept.
 */
@ApplicationScoped
public class LiveAccuracy {

    // In percent, as whole numbers: Micrometer's fixed-bucket histogram counts a value by its ceiling, which
    // is exact for whole-number bounds (a ratio's 0.19 would land in the bucket of 1). A volume estimate is
    // rarely within 5%, and misses past 10x are outliers.
    private static final double[] APE_BUCKETS = {5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000};

    private final MeterRegistry registry;
    private final Map<List<String>, Version> versions = new ConcurrentHashMap<>();

    public LiveAccuracy(MeterRegistry registry) {
        this.registry = registry;
    }

    /** What a version's checks have added up to since it loaded. */
    public record Figures(long checks, double absoluteError, double actualVolume) {

        /** Mean absolute error in shares; null before the first check. */
        public Double mae() {
            return checks == 0 ? null : absoluteError / checks;
        }

        /** Weighted absolute percentage error: sum |error| / sum actual; null while the actual volumes sum to 0. */
        public Double wape() {
            return actualVolume == 0 ? null : absoluteError / actualVolume;
        }
    }

    private record Version(Counter checks, Counter absoluteError, Counter actualVolume, DistributionSummary ape,
            List<Meter> meters) {
    }

    /**
     * Registers a loaded version's meters at 0 and its card's held-out errors; none if the card cannot be
     * read (the meters registered before the failure are removed).
     */
    void loaded(String name, String version, ModelCard card) {
        List<Meter> meters = new ArrayList<>();
        try {
            register(name, version, card, meters);
        } catch (RuntimeException e) {
            meters.forEach(registry::remove);
            throw e;
        }
    }

    private void register(String name, String version, ModelCard card, List<Meter> meters) {
        Counter checks = add(meters, Counter.builder("model.live.checks")
                .description("Answers of from-bars requests checked against an actual volume in the request's bars")
                .tags("model", name, "version", version).register(registry));
        Counter absoluteError = add(meters, Counter.builder("model.live.absolute.error")
                .description("Sum of |actual - predicted| volume over the checks (shares)")
                .tags("model", name, "version", version).register(registry));
        Counter actualVolume = add(meters, Counter.builder("model.live.actual.volume")
                .description("Sum of the actual volumes of the checks (shares): WAPE = absolute error / this")
                .tags("model", name, "version", version).register(registry));
        DistributionSummary ape = add(meters, DistributionSummary.builder("model.live.absolute.percentage.error")
                .description("100 |actual - predicted| / actual of each check whose actual volume is above 0")
                .baseUnit("percent")
                .serviceLevelObjectives(APE_BUCKETS)
                .tags("model", name, "version", version).register(registry));
        if (card.evaluation() != null) {
            for (ModelCard.SliceErrors slice : card.evaluation().slices()) {
                if (slice.model() == null) {
                    continue; // a slice without rows (a small training set) has no errors to expect
                }
                double mae = slice.model().mae();
                add(meters, Gauge.builder("model.heldout.mae", () -> mae)
                        .description("The card's MAE on held-out rows (shares): the level live MAE is expected near")
                        .tags("model", name, "version", version, "holdout", slice.holdout(), "slice", slice.slice())
                        .register(registry));
            }
        }
        versions.put(List.of(name, version), new Version(checks, absoluteError, actualVolume, ape, meters));
    }

    void unloaded(String name, String version) {
        Version removed = versions.remove(List.of(name, version));
        if (removed != null) {
            removed.meters().forEach(registry::remove);
        }
    }

    /** One answer checked against the actual volume of its day. */
    public void checked(String name, String version, double actual, double predicted) {
        Version meters = versions.get(List.of(name, version));
        if (meters == null) {
            return; // unloaded while the request ran
        }
        double error = Math.abs(actual - predicted);
        meters.checks().increment();
        meters.absoluteError().increment(error);
        meters.actualVolume().increment(actual);
        if (actual > 0) {
            meters.ape().record(100 * error / actual);
        }
    }

    /** The version's figures since it loaded; zeros for a version not loaded. */
    public Figures figures(String name, String version) {
        Version meters = versions.get(List.of(name, version));
        return meters == null
                ? new Figures(0, 0, 0)
                : new Figures((long) meters.checks().count(), meters.absoluteError().count(),
                        meters.actualVolume().count());
    }

    private static <M extends Meter> M add(List<Meter> meters, M meter) {
        meters.add(meter);
        return meter;
    }
}

package com.stockvolume.service.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stockvolume.card.ModelCard;
import com.stockvolume.service.support.CommittedModel;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A version's live-accuracy meters come and go together: a card they cannot read leaves none behind. */
class LiveAccuracyMetersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // the registry the service scrapes (a simple registry adds meters of its own for histograms)
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LiveAccuracy accuracy = new LiveAccuracy(registry);

    private List<String> meterNames() {
        return registry.getMeters().stream().map(Meter::getId).map(Meter.Id::getName).distinct().sorted().toList();
    }

    @Test
    void aLoadedVersionHasItsCountersAndTheCardsHeldOutErrorsUntilItIsUnloaded() {
        accuracy.loaded("stock-volume", "2", CommittedModel.CARD);
        assertEquals(List.of("model.heldout.mae", "model.live.absolute.error", "model.live.absolute.percentage.error",
                "model.live.actual.volume", "model.live.checks"), meterNames());

        accuracy.unloaded("stock-volume", "2");
        assertEquals(List.of(), meterNames());
    }

    @Test
    void aCardWhoseEvaluationHasNoSlicesIsRefusedWithNoMeterLeftBehind() throws Exception {
        ObjectNode json = JSON.valueToTree(CommittedModel.CARD);
        ((ObjectNode) json.get("evaluation")).putNull("slices");
        ModelCard card = JSON.treeToValue(json, ModelCard.class);

        assertThrows(NullPointerException.class, () -> accuracy.loaded("stock-volume", "2", card));
        assertEquals(List.of(), meterNames());
        assertEquals(new LiveAccuracy.Figures(0, 0, 0), accuracy.figures("stock-volume", "2"));
    }
}

package com.stockvolume.service.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.stockvolume.card.HeldOutHeadline;
import com.stockvolume.card.ModelCard;
import com.stockvolume.service.metrics.LiveAccuracy;
import com.stockvolume.service.model.LoadedModel;
import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.model.ModelVersions;
import com.stockvolume.service.model.ModelVersions.Refusal;
import com.stockvolume.service.pipeline.Comparison;
import com.stockvolume.service.pipeline.Rollouts;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Model cards as served, with when this process loaded them, and the versions it serves or refused. */
@Path("/v1/models")
@Tag(name = "models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ModelRegistry registry;
    private final LiveAccuracy liveAccuracy;
    private final Rollouts rollouts;

    public ModelResource(ModelRegistry registry, LiveAccuracy liveAccuracy, Rollouts rollouts) {
        this.registry = registry;
        this.liveAccuracy = liveAccuracy;
        this.rollouts = rollouts;
    }

    /**
     * One version's card fields, plus where and when the service loaded it, its headline held-out
     * errors (all held-out symbols, and those drawn at random) and its live accuracy since.
     */
    public record ServedVersion(@JsonUnwrapped ModelCard card, String loadedAt, String directory,
            HeldOutHeadline heldOutSymbols, Live live) {
    }

    /**
     * The version's error on the actual volumes of from-bars requests since it loaded (docs/observability.md).
     *
     * @param checks answers checked against an actual volume
     * @param mae mean absolute error in shares; null before the first check
     * @param wape sum of absolute errors over sum of actual volumes; null before the first check
     */
    public record Live(long checks, Double mae, Double wape) {
    }

    private ServedVersion served(LoadedModel model) {
        LiveAccuracy.Figures live = liveAccuracy.figures(model.name(), model.version());
        return new ServedVersion(model.card(), model.loadedAt().toString(), model.directory().toString(),
                HeldOutHeadline.of(model.card()), new Live(live.checks(), live.mae(), live.wape()));
    }

    /**
     * The default version's card at the top level (what unversioned calls use), then every loaded
     * version, the pin and the policy, the version folders refused with the reason, and the canary or shadow (absent
     * when none).
     */
    public record ServedModel(@JsonUnwrapped ServedVersion defaultVersion, String policy, String pinned,
            List<ServedVersion> versions, List<Refusal> refused, Rollouts.Canary canary, Rollouts.Shadow shadow) {
    }

    /**
     * One line of the model list: what it serves now, or why it serves nothing.
     *
     * @param kind same-day or forecast: which inputs the model takes, and how from-bars computes them
     */
    public record ModelSummary(String name, boolean isDefault, String kind, String version, List<String> versions,
            String pinned, String policy, List<String> inputs, String error) {
    }

    @GET
    @Operation(operationId = "listModels",
            summary = "Every model this service serves: its default version, loaded versions, pin, policy and"
                    + " kind and input columns; the default model (GET /predict, /v1/predictions) is marked")
    @APIResponse(responseCode = "200", description = "The models")
    public List<ModelSummary> models() {
        var served = registry.current();
        var failures = registry.failures();
        return registry.names().stream().map(name -> {
            ModelVersions model = served.get(name);
            boolean isDefault = name.equals(registry.defaultName());
            if (model == null) {
                return new ModelSummary(name, isDefault, null, null, List.of(), null, null, null, failures.get(name));
            }
            return new ModelSummary(name, isDefault, model.defaultModel().kind().id(), model.defaultModel().version(),
                    model.versions(),
                    model.pinned() == null ? null : String.valueOf(model.pinned()), model.policy(),
                    model.defaultModel().card().inputs().get(0).columns(), null);
        }).toList();
    }

    @GET
    @Path("/{name}")
    @Operation(operationId = "getModel",
            summary = "The served model: the default version's card (version, inputs, outputs, metrics,"
                    + " sha256, loaded-at), every loaded version's card, the policy, the pin, refused versions and the"
                    + " canary or shadow")
    @APIResponse(responseCode = "200", description = "The model as served")
    @APIResponse(responseCode = "404", description = "No model of that name")
    @APIResponse(responseCode = "503", description = "No model is loaded")
    public ServedModel model(@PathParam("name") String name) {
        ModelVersions served = registry.require(name);
        Rollouts.Canary canary = rollouts.canary(name);
        List<ServedVersion> versions = served.loaded().values().stream()
                .map(entry -> served(entry.value()))
                .toList();
        return new ServedModel(served(served.defaultModel()), served.policy(),
                served.pinned() == null ? null : String.valueOf(served.pinned()), versions, served.refused(), canary,
                rollouts.shadow(name));
    }

    @GET
    @Path("/{name}/versions/{version}")
    @Operation(operationId = "getModelVersion", summary = "One loaded version's card as served")
    @APIResponse(responseCode = "200", description = "The version's card as served")
    @APIResponse(responseCode = "404", description = "No such model or loaded version")
    public ServedVersion version(@PathParam("name") String name, @PathParam("version") String version) {
        return served(registry.require(name, version));
    }

    @GET
    @Path("/{name}/versions/{version}/comparison")
    @Operation(operationId = "getComparison",
            summary = "A canary or shadow version against the default on the same rows: rows compared, each version's"
                    + " MAE on rows with actual volumes, their ratio with a 95% interval (paired bootstrap), the median"
                    + " and 95th percentile of the relative difference, since when")
    @APIResponse(responseCode = "200", description = "The comparison of the model's newest roll-out of the version")
    @APIResponse(responseCode = "404", description = "No such model, or no roll-out of this version since the start")
    public Comparison.Report comparison(@PathParam("name") String name, @PathParam("version") String version) {
        return rollouts.comparison(name, version);
    }
}

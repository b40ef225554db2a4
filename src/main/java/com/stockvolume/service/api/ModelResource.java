package com.stockvolume.service.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.stockvolume.card.ModelCard;
import com.stockvolume.service.model.LoadedModel;
import com.stockvolume.service.model.ModelRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The model card as served, with when this process loaded it. */
@Path("/v1/models/{name}")
@Tag(name = "models")
public class ModelResource {

    private final ModelRegistry registry;

    public ModelResource(ModelRegistry registry) {
        this.registry = registry;
    }

    /** The card's fields, plus where and when the service loaded it. */
    public record ServedModel(@JsonUnwrapped ModelCard card, String loadedAt, String directory) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The served model's card: version, inputs, outputs, metrics, sha256, loaded-at")
    @APIResponse(responseCode = "200", description = "The model card as served")
    @APIResponse(responseCode = "404", description = "No model of that name")
    @APIResponse(responseCode = "503", description = "No model is loaded")
    public ServedModel model(@PathParam("name") String name) {
        LoadedModel model = registry.require(name);
        return new ServedModel(model.card(), model.loadedAt().toString(), model.directory().toString());
    }
}

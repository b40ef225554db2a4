package com.stockvolume.service.oip.grpc;

import com.stockvolume.service.admission.AdmittedRequest;
import com.stockvolume.service.config.PredictionConfig;
import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.GrpcStatuses;
import com.stockvolume.service.model.Inference;
import com.stockvolume.service.model.LoadedModel;
import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.model.ModelUnavailableException;
import com.stockvolume.service.model.ModelVersions;
import com.stockvolume.service.oip.InferRequestJson;
import com.stockvolume.service.oip.InferResponse;
import com.stockvolume.service.oip.InferenceProtocolException;
import com.stockvolume.service.oip.ModelMetadata;
import com.stockvolume.service.oip.ServerMetadata;
import com.stockvolume.service.oip.TensorRows;
import com.stockvolume.service.oip.grpc.proto.GRPCInferenceService;
import com.stockvolume.service.oip.grpc.proto.ModelInferRequest;
import com.stockvolume.service.oip.grpc.proto.ModelInferResponse;
import com.stockvolume.service.oip.grpc.proto.ModelMetadataRequest;
import com.stockvolume.service.oip.grpc.proto.ModelMetadataResponse;
import com.stockvolume.service.oip.grpc.proto.ModelReadyRequest;
import com.stockvolume.service.oip.grpc.proto.ModelReadyResponse;
import com.stockvolume.service.oip.grpc.proto.ServerLiveRequest;
import com.stockvolume.service.oip.grpc.proto.ServerLiveResponse;
import com.stockvolume.service.oip.grpc.proto.ServerMetadataRequest;
import com.stockvolume.service.oip.grpc.proto.ServerMetadataResponse;
import com.stockvolume.service.oip.grpc.proto.ServerReadyRequest;
import com.stockvolume.service.oip.grpc.proto.ServerReadyResponse;
import com.stockvolume.service.payloadlog.PayloadLog;
import com.stockvolume.service.pipeline.InferenceCall;
import com.stockvolume.service.pipeline.InferencePipeline;
import com.stockvolume.service.pipeline.Inferred;
import com.stockvolume.service.pipeline.ModelInput;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Open Inference Protocol over gRPC (open_inference_grpc.proto), on the main HTTP port. It
 * serves the same models with the same checks and numbers as {@code /v2} over REST, and passes the
 * same admission control: its failures are gRPC status codes (GrpcStatuses).
 */
@GrpcService
public class OpenInferenceGrpcService implements GRPCInferenceService {

    private static final Logger LOG = Logger.getLogger(OpenInferenceGrpcService.class);

    private final ModelRegistry registry;
    private final InferencePipeline pipeline;
    private final PredictionConfig limits;
    private final ServerMetadata server;
    private final long inlineBytes;
    private final PayloadLog payloadLog;

    public OpenInferenceGrpcService(ModelRegistry registry, InferencePipeline pipeline, PredictionConfig limits,
            ServerMetadata server, @ConfigProperty(name = "quarkus.rest.input-buffer-size") MemorySize inlineBytes,
            PayloadLog payloadLog) {
        this.payloadLog = payloadLog;
        this.registry = registry;
        this.pipeline = pipeline;
        this.limits = limits;
        this.server = server;
        this.inlineBytes = inlineBytes.asLongValue();
    }

    @Override
    public Uni<ServerLiveResponse> serverLive(ServerLiveRequest request) {
        return Uni.createFrom().item(ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public Uni<ServerReadyResponse> serverReady(ServerReadyRequest request) {
        return Uni.createFrom().item(ServerReadyResponse.newBuilder().setReady(registry.ready()).build());
    }

    @Override
    public Uni<ServerMetadataResponse> serverMetadata(ServerMetadataRequest request) {
        return Uni.createFrom().item(ServerMetadataResponse.newBuilder().setName(server.name())
                .setVersion(server.version()).addAllExtensions(server.extensions()).build());
    }

    /** Ready or not; an unknown name or version is NOT_FOUND, as REST's 404. */
    @Override
    public Uni<ModelReadyResponse> modelReady(ModelReadyRequest request) {
        return answer(() -> {
            try {
                model(request.getName(), version(request.getVersion()));
                return ModelReadyResponse.newBuilder().setReady(true).build();
            } catch (ModelUnavailableException e) {
                return ModelReadyResponse.newBuilder().setReady(false).build();
            }
        });
    }

    @Override
    public Uni<ModelMetadataResponse> modelMetadata(ModelMetadataRequest request) {
        return answer(() -> {
            ModelMetadata metadata;
            String version = version(request.getVersion());
            if (version != null) {
                metadata = ModelMetadata.of(model(request.getName(), version).card(), List.of(version));
            } else {
                ModelVersions served = registry.require(request.getName());
                metadata = ModelMetadata.of(served.defaultModel().card(), served.versions());
            }
            ModelMetadataResponse.Builder response = ModelMetadataResponse.newBuilder().setName(metadata.name())
                    .addAllVersions(metadata.versions()).setPlatform(metadata.platform());
            metadata.inputs().forEach(t -> response.addInputs(tensor(t)));
            metadata.outputs().forEach(t -> response.addOutputs(tensor(t)));
            return response.build();
        });
    }

    /**
     * A small message is inferred at once on its event loop, as a small REST body is (the same bound,
     * {@code quarkus.rest.input-buffer-size}); a larger one on a worker thread, where it may wait for
     * an inference slot.
     */
    @Override
    public Uni<ModelInferResponse> modelInfer(ModelInferRequest request) {
        AdmittedRequest admitted = AdmittedRequest.current(); // held by the event loop's context
        admitted.bodyRead(request.getSerializedSize()); // from now on it holds its real size, not the door's guess
        if (request.getSerializedSize() <= inlineBytes) {
            return answer(() -> infer(request, admitted));
        }
        return Uni.createFrom().deferred(() -> answer(() -> infer(request, admitted)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private ModelInferResponse infer(ModelInferRequest request, AdmittedRequest admitted) {
        requireName(request.getModelName());
        int maxRows = limits.maxInstances();
        int declared = TensorRows.declaredRows(request.getInputsCount() == 1 ? request.getInputs(0).getShapeList() : null,
                maxRows);
        Inferred<ModelInput> call = pipeline.infer(InferenceCall.admitted(admitted, request.getModelName(),
                version(request.getModelVersion()), "grpc", declared, model -> ModelInput.of(GrpcTensors.rows(request,
                        model.card().inputs().get(0), model.card().outputs(), maxRows))));
        Inference inferred = call.inference();
        payloadLog.log(inferred.model().name(), inferred.model().version(), () -> requestJson(request, call),
                () -> responseJson(request, inferred));
        return GrpcTensors.response(request, inferred.model().name(), inferred.model().version(),
                inferred.model().card().outputs(), inferred.outputs());
    }

    /** The call as the payload log sends it: a v2 request's JSON, its tensor as the rows the model took. */
    private static InferRequestJson requestJson(ModelInferRequest request, Inferred<ModelInput> call) {
        var tensor = request.getInputs(0);
        return InferRequestJson.of(request.getId(), null, tensor.getName(), tensor.getDatatype(), call.input().rows(),
                call.inference().model().card().inputs().get(0).shape().get(1).intValue(), requestedOutputs(request));
    }

    private static InferResponse responseJson(ModelInferRequest request, Inference inferred) {
        var outputs = inferred.model().card().outputs();
        return InferResponse.inline(inferred.model().name(), inferred.model().version(), request.getId(), outputs,
                TensorRows.answered(requestedOutputs(request), outputs), inferred.outputs());
    }

    private static List<String> requestedOutputs(ModelInferRequest request) {
        return request.getOutputsCount() == 0
                ? null
                : request.getOutputsList().stream().map(ModelInferRequest.InferRequestedOutputTensor::getName).toList();
    }

    private LoadedModel model(String name, String version) {
        requireName(name);
        return version == null ? registry.require(name).defaultModel() : registry.require(name, version);
    }

    private static void requireName(String name) {
        if (name.isEmpty()) {
            throw new InferenceProtocolException(Failure.INVALID_REQUEST, "the request names no model (model_name)");
        }
    }

    /**
     * No version, or an empty one, means the version the model's policy serves: Triton's proto
     * declares the field without presence, so its clients send "" where KServe's send nothing.
     */
    private static String version(String version) {
        return version == null || version.isEmpty() ? null : version;
    }

    private static ModelMetadataResponse.TensorMetadata tensor(ModelMetadata.Tensor tensor) {
        return ModelMetadataResponse.TensorMetadata.newBuilder().setName(tensor.name()).setDatatype(tensor.datatype())
                .addAllShape(tensor.shape()).build();
    }

    /** The answer, or the failure as its gRPC status; an unexpected failure is logged and INTERNAL. */
    private static <T> Uni<T> answer(Supplier<T> work) {
        try {
            return Uni.createFrom().item(work.get());
        } catch (RuntimeException e) {
            StatusRuntimeException status = GrpcStatuses.of(e);
            if (status == null) {
                LOG.error("unexpected failure", e);
                status = Status.INTERNAL.withDescription("internal error; the service log has the details")
                        .asRuntimeException();
            }
            return Uni.createFrom().failure(status);
        }
    }
}

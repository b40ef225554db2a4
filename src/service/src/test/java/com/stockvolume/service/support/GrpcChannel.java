package com.stockvolume.service.support;

import com.stockvolume.service.oip.grpc.proto.GRPCInferenceServiceGrpc;
import com.stockvolume.service.oip.grpc.proto.InferTensorContents;
import com.stockvolume.service.oip.grpc.proto.ModelInferRequest;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** A plain grpc-java client of the service under test: plaintext HTTP/2 to the HTTP port, as any gRPC client connects. */
public final class GrpcChannel implements AutoCloseable {

    private final ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", RestAssured.port)
            .usePlaintext().build();

    public GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    /** Calls {@code fullMethodName} with an empty message; the status it ends with. */
    public Status.Code call(String fullMethodName) {
        MethodDescriptor.Marshaller<byte[]> bytes = new MethodDescriptor.Marshaller<>() {

            @Override
            public InputStream stream(byte[] value) {
                return new ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(fullMethodName)
                .setRequestMarshaller(bytes).setResponseMarshaller(bytes).build();
        try {
            ClientCalls.blockingUnaryCall(channel, method,
                    CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), new byte[0]);
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    /** An inference request of {@code rows} (row-major, {@code columns} wide) as typed FP64 contents, id "req-9". */
    public static ModelInferRequest.Builder typed(String model, double[] rows, int columns) {
        return ModelInferRequest.newBuilder().setModelName(model).setId("req-9")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("features").setDatatype("FP64")
                        .addShape(rows.length / columns).addShape(columns)
                        .setContents(
                                InferTensorContents.newBuilder().addAllFp64Contents(Arrays.stream(rows).boxed().toList())));
    }
}

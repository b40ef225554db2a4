package com.stockvolume.service;

import com.stockvolume.service.grpc.proto.GRPCInferenceServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.restassured.RestAssured;
import java.util.concurrent.TimeUnit;

/** A plain grpc-java client of the service under test: plaintext HTTP/2 to the HTTP port, as any gRPC client connects. */
final class GrpcChannel implements AutoCloseable {

    private final ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", RestAssured.port)
            .usePlaintext().build();

    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    /** Calls {@code fullMethodName} with an empty message; the status it ends with. */
    io.grpc.Status.Code call(String fullMethodName) {
        io.grpc.MethodDescriptor.Marshaller<byte[]> bytes = new io.grpc.MethodDescriptor.Marshaller<>() {

            @Override
            public java.io.InputStream stream(byte[] value) {
                return new java.io.ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(java.io.InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        io.grpc.MethodDescriptor<byte[], byte[]> method = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(io.grpc.MethodDescriptor.MethodType.UNARY).setFullMethodName(fullMethodName)
                .setRequestMarshaller(bytes).setResponseMarshaller(bytes).build();
        try {
            io.grpc.stub.ClientCalls.blockingUnaryCall(channel, method,
                    io.grpc.CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), new byte[0]);
            return io.grpc.Status.Code.OK;
        } catch (io.grpc.StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}

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

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}

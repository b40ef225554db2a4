"""gRPC's standard health service (grpc.health.v1.Health), as Kubernetes' gRPC probes and
grpc_health_probe call it, through grpcio-health-checking's own client on the API port."""

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc


def test_the_server_and_the_inference_service_are_serving(service):
    with grpc.insecure_channel(f"127.0.0.1:{service.port}") as channel:
        health = health_pb2_grpc.HealthStub(channel)
        for name in ["", "inference.GRPCInferenceService"]:
            answer = health.Check(health_pb2.HealthCheckRequest(service=name), timeout=30)
            assert answer.status == health_pb2.HealthCheckResponse.SERVING, name

"""An OTLP/gRPC trace receiver on the official opentelemetry-proto service definition (the package
Airflow's own OTLP exporter depends on): whatever Airflow's task runner and the service export, kept
in memory for the tests to read."""

from __future__ import annotations

import threading
from concurrent import futures
from dataclasses import dataclass

import grpc
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from services import free_port


@dataclass(frozen=True)
class ReceivedSpan:
    service: str
    name: str
    trace_id: str
    span_id: str
    parent_span_id: str
    attributes: dict


def _value(any_value):
    kind = any_value.WhichOneof("value")
    return getattr(any_value, kind) if kind else None


class OtlpReceiver(trace_service_pb2_grpc.TraceServiceServicer):
    def __init__(self):
        self._spans: list[ReceivedSpan] = []
        self._lock = threading.Lock()
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        trace_service_pb2_grpc.add_TraceServiceServicer_to_server(self, self._server)
        self._server.add_insecure_port(f"127.0.0.1:{self.port}")
        self._server.start()

    def Export(self, request, context):  # noqa: N802 (the proto's name)
        received = []
        for resource_spans in request.resource_spans:
            resource = {a.key: _value(a.value) for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    received.append(
                        ReceivedSpan(
                            service=resource.get("service.name", ""),
                            name=span.name,
                            trace_id=span.trace_id.hex(),
                            span_id=span.span_id.hex(),
                            parent_span_id=span.parent_span_id.hex(),
                            attributes={a.key: _value(a.value) for a in span.attributes},
                        )
                    )
        with self._lock:
            self._spans.extend(received)
        return trace_service_pb2.ExportTraceServiceResponse()

    def spans(self) -> list[ReceivedSpan]:
        with self._lock:
            return list(self._spans)

    def ancestors(self, span: ReceivedSpan) -> list[ReceivedSpan]:
        """The received spans above a span in its trace, nearest first (as far as they were received)."""
        by_id = {(s.trace_id, s.span_id): s for s in self.spans()}
        chain, current = [], span
        while (current.trace_id, current.parent_span_id) in by_id:
            current = by_id[(current.trace_id, current.parent_span_id)]
            chain.append(current)
        return chain

    def stop(self) -> None:
        self._server.stop(grace=None)

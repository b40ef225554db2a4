"""One server's answers over gRPC (the Open Inference Protocol's ModelInfer) to 1 and 1,000 of the
card's sample rows, against LightGBM's own predictions (peers.sh); exits 1 on a wrong number. Made
with the protocol's messages as KServe's SDK defines them, sent as bytes: OUT/NAME-grpc-N.request
holds the request and OUT/NAME-grpc-N.answer the verified answer, byte for byte, which the load
then expects of every answer (grpcload).
Usage: check_grpc.py NAME HOST:PORT EXPECTED_JSON OUT"""

import json
import sys

import grpc
import numpy as np
from kserve.protocol.grpc import grpc_predict_v2_pb2 as pb

METHOD = "/inference.GRPCInferenceService/ModelInfer"
BOUND = 1e-9


def volumes(response: pb.ModelInferResponse) -> list:
    if response.raw_output_contents:
        return np.frombuffer(response.raw_output_contents[0], dtype="<f8").tolist()
    return list(response.outputs[0].contents.fp64_contents)


def main(name: str, address: str, expected_file: str, out: str) -> int:
    expected = json.load(open(expected_file))
    infer = grpc.insecure_channel(address).unary_unary(METHOD)  # no (de)serializers: bytes in, bytes out
    for n in (1, 1000):
        rows = expected["rows"][:n]
        tensor = pb.ModelInferRequest.InferInputTensor(
            name="features", datatype="FP64", shape=[n, 2], contents=pb.InferTensorContents(fp64_contents=sum(rows, []))
        )
        request = pb.ModelInferRequest(model_name="stock-volume", id="peers", inputs=[tensor]).SerializeToString()
        answer = infer(request, timeout=60)
        got, want = volumes(pb.ModelInferResponse.FromString(answer)), expected["volumes"][:n]
        wrong = [i for i, (g, w) in enumerate(zip(got, want, strict=True)) if abs(g - w) / max(1.0, abs(w)) > BOUND]
        if wrong:
            first = wrong[0]
            print(f"{name}: gRPC row {first} of {n}: {got[first]!r}, LightGBM says {want[first]!r}", file=sys.stderr)
            return 1
        for suffix, data in (("request", request), ("answer", answer)):
            with open(f"{out}/{name}-grpc-{n}.{suffix}", "wb") as f:
                f.write(data)
        print(f"{name}: {n} row(s) over gRPC equal LightGBM's")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

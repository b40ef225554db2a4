"""The seed LightGBM model in KServe's Python model server, the documented custom-model way (a
kserve.Model whose predict takes the Open Inference Protocol's request): REST and gRPC v2."""

import argparse
import uuid

import lightgbm
from kserve import InferOutput, InferRequest, InferResponse, Model, ModelServer, model_server


class StockVolume(Model):
    def __init__(self, name: str, model_file: str):
        super().__init__(name)
        self.booster = lightgbm.Booster(model_file=model_file)
        self.ready = True

    def predict(self, payload: InferRequest, headers=None, response_headers=None) -> InferResponse:
        volumes = self.booster.predict(payload.inputs[0].as_numpy())
        output = InferOutput(name="volume", shape=[len(volumes), 1], datatype="FP64")
        output.set_data_from_numpy(volumes.reshape(-1, 1), binary_data=False)
        return InferResponse(model_name=self.name, infer_outputs=[output], response_id=payload.id or str(uuid.uuid4()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(parents=[model_server.parser])
    parser.add_argument("--model_file", required=True)
    args, _ = parser.parse_known_args()
    ModelServer().start([StockVolume(args.model_name, args.model_file)])

"""The seed LightGBM model in BentoML (1.4's @bentoml.service): POST /predict {"rows": [[a, b], ...]}
answers the volumes as a JSON array."""

import os

import bentoml
import lightgbm
import numpy as np


@bentoml.service(workers=int(os.environ.get("BENTOML_WORKERS", "1")))
class StockVolume:
    def __init__(self) -> None:
        self.booster = lightgbm.Booster(model_file=os.environ["SEED_MODEL"])

    @bentoml.api
    def predict(self, rows: np.ndarray) -> np.ndarray:
        return self.booster.predict(rows)

"""The original project's API, re-created: GET /predict?vol_moving_avg=..&adj_close_rolling_med=..
answers str(int(prediction)). CACHE=0 loads the model from disk on every request, as the original did;
CACHE=1 loads it once."""

import os

import lightgbm
from flask import Flask, request

MODEL = os.environ["SEED_MODEL"]
CACHED = lightgbm.Booster(model_file=MODEL) if os.environ.get("CACHE") == "1" else None
app = Flask(__name__)


@app.get("/predict")
def predict():
    try:
        row = [float(request.args["vol_moving_avg"]), float(request.args["adj_close_rolling_med"])]
    except (KeyError, ValueError):
        return "Missing parameters", 400
    model = CACHED or lightgbm.Booster(model_file=MODEL)
    return str(int(model.predict([row])[0]))

"""Retrains the volume model and publishes it to the service's model repository.

train runs the trainer (model/trainer in the stock-volume repository) into a scratch repository;
publish copies the new version folder into the repository the service's pods mount, under a
temporary name and then renamed, so the service never sees half a version. roll_out asks the
service to reload (POST /admin/models/stock-volume/reload) and waits until it serves the new
version as its default; a version the service refuses (corrupt file, card mismatch, sample rows
that do not reproduce) fails the task while the previous version keeps serving. With several
replicas, set model.poll-interval on the service so every pod picks the version up; the reload
call then only hastens the pod it reaches.

Airflow Variables: stock_volume_trainer_jar (default /opt/stock-volume/stock-volume-trainer.jar),
stock_volume_bars_dir (default /data/stock-market-dataset), stock_volume_model_repository
(default /models), stock_volume_url (default http://stock-volume:8080), stock_volume_admin_token
(the service's ADMIN_TOKEN; without it roll_out only waits for the pods' polling).
"""

from __future__ import annotations

import os
from datetime import datetime

from airflow.decorators import dag, task
from airflow.models import Variable

from stock_volume_client import StockVolumeClient, publish_model_version

MODEL_NAME = "stock-volume"


@dag(dag_id="train_volume_model", schedule="@weekly", start_date=datetime(2021, 1, 4), catchup=False,
     max_active_runs=1, tags=["stock-volume"])
def train_volume_model():
    @task
    def next_version() -> str:
        repository = Variable.get("stock_volume_model_repository", default_var="/models")
        model_dir = os.path.join(repository, MODEL_NAME)
        versions = [int(v) for v in os.listdir(model_dir) if v.isdigit()] if os.path.isdir(model_dir) else []
        return str(max(versions, default=0) + 1)

    @task.bash
    def train(version: str, run_id=None) -> str:
        jar = Variable.get("stock_volume_trainer_jar", default_var="/opt/stock-volume/stock-volume-trainer.jar")
        data = Variable.get("stock_volume_bars_dir", default_var="/data/stock-market-dataset")
        scratch = f"/tmp/stock-volume-train/{run_id}"
        # the card records the version, and the service checks it against the folder name
        return (f"rm -rf '{scratch}' && java -jar '{jar}' train --data '{data}' --repository '{scratch}'"
                f" --model-version {version} && echo '{scratch}/{MODEL_NAME}/{version}'")

    @task
    def publish(trained_dir: str, version: str) -> str:
        repository = Variable.get("stock_volume_model_repository", default_var="/models")
        return publish_model_version(trained_dir.strip().splitlines()[-1], repository, MODEL_NAME, version)

    @task
    def roll_out(version: str) -> dict:
        client = StockVolumeClient(
            base_url=Variable.get("stock_volume_url", default_var="http://stock-volume:8080"),
            admin_token=Variable.get("stock_volume_admin_token", default_var=None))
        served = client.roll_out(version, name=MODEL_NAME)
        return {"version": served["version"], "sha256": served["sha256"]}

    version = next_version()
    roll_out(publish(train(version), version))


train_volume_model()

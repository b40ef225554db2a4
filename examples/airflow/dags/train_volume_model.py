"""Retrains the volume model and publishes it to the service's model repository.

train runs the trainer (model/trainer in the stock-volume repository) into a scratch repository;
publish copies the new version folder into the repository the service's pods mount, under a
temporary name and then renamed, so the service never sees half a version. Pods serve it from
their next start (a rolling restart); once the service can reload models in place, a last task
will call its reload endpoint instead.

Airflow Variables: stock_volume_trainer_jar (default /opt/stock-volume/stock-volume-trainer.jar),
stock_volume_bars_dir (default /data/stock-market-dataset), stock_volume_model_repository
(default /models).
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime

from airflow.decorators import dag, task
from airflow.models import Variable

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

    version = next_version()
    publish(train(version), version)


def publish_model_version(trained_dir: str, repository: str, name: str, version: str) -> str:
    """Copies a trained version folder (model.onnx + model-card.json) into the repository as
    `version`, atomically; refuses to replace an existing version."""
    model_dir = os.path.join(repository, name)
    os.makedirs(model_dir, exist_ok=True)
    if os.path.exists(os.path.join(model_dir, version)):
        raise FileExistsError(f"{model_dir}/{version} exists: versions are immutable")
    staging = os.path.join(model_dir, f".{version}.staging")
    shutil.copytree(trained_dir, staging)
    os.rename(staging, os.path.join(model_dir, version))
    return version


train_volume_model()

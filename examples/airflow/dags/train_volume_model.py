"""Retrains the volume model, publishes it to the service's model repository and rolls it out.

train runs the trainer (src/trainer in the stock-volume repository) into a scratch repository, or,
when the run's param `trained_dir` names a version folder trained elsewhere (e.g. converted with the
trainer's `convert`), takes that one. publish copies the folder into the repository the service's
pods mount, under a temporary name and then renamed, so the service never sees half a version.
reload asks the service (through the connection `stock_volume_default`, whose password is the
service's ADMIN_TOKEN) to rescan the repository: a version it refuses (corrupt file, card mismatch,
sample rows that do not reproduce) fails the task at once with the service's reason while the
previous version keeps serving. wait_until_served then waits, deferred, until the service serves
the new version as its default (with several replicas polling the repository, until the one the
connection reaches does).

Airflow Variables: stock_volume_trainer_jar (default /opt/stock-volume/stock-volume-trainer.jar),
stock_volume_bars_dir (default /data/stock-market-dataset), stock_volume_model_repository
(default /models).
"""

from __future__ import annotations

import os
import shlex

import pendulum
from airflow.sdk import Param, Variable, dag, task
from stock_volume_files import publish_model_version
from stock_volume_provider.hooks import StockVolumeHook
from stock_volume_provider.sensors import ModelVersionSensor

MODEL_NAME = "stock-volume"


@dag(
    dag_id="train_volume_model",
    schedule="@weekly",
    start_date=pendulum.datetime(2021, 1, 4, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["stock-volume"],
    params={
        "trained_dir": Param(
            None, type=["null", "string"], description="publish this version folder instead of training one"
        )
    },
)
def train_volume_model():
    @task
    def next_version() -> str:
        model_dir = os.path.join(Variable.get("stock_volume_model_repository", default="/models"), MODEL_NAME)
        versions = [int(v) for v in os.listdir(model_dir) if v.isdigit()] if os.path.isdir(model_dir) else []
        return str(max(versions, default=0) + 1)

    @task.bash
    def train(version: str, params: dict, run_id: str) -> str:
        if params.get("trained_dir"):
            return f"echo {shlex.quote(params['trained_dir'])}"
        jar = Variable.get("stock_volume_trainer_jar", default="/opt/stock-volume/stock-volume-trainer.jar")
        data = Variable.get("stock_volume_bars_dir", default="/data/stock-market-dataset")
        scratch = os.path.join("/tmp/stock-volume-train", run_id)
        # the card records the version, and the service checks it against the folder name
        return (
            f"rm -rf {shlex.quote(scratch)} && java -jar {shlex.quote(jar)} train --data {shlex.quote(data)}"
            f" --repository {shlex.quote(scratch)} --model-version {version}"
            f" && echo {shlex.quote(os.path.join(scratch, MODEL_NAME, version))}"
        )

    @task
    def publish(trained_dir: str, version: str) -> str:
        repository = Variable.get("stock_volume_model_repository", default="/models")
        return publish_model_version(trained_dir.strip().splitlines()[-1], repository, MODEL_NAME, version)

    @task
    def reload(version: str) -> list[str]:
        return StockVolumeHook().get_conn().reload(MODEL_NAME)["versions"]

    version = next_version()
    published = publish(train(version), version)
    wait = ModelVersionSensor(
        task_id="wait_until_served", version=version, model=MODEL_NAME, deferrable=True, poke_interval=2, timeout=600
    )
    reload(published) >> wait


train_volume_model()

"""Retrains the volume model and rolls it out safely: published, loaded beside the default, scored in the shadow of
the default on the same calls, and made the default only if it is more accurate on them.

train runs the trainer (src/trainer in the stock-volume repository) into a scratch repository, or, when the run's
param `trained_dir` names a version folder trained elsewhere (e.g. converted with the trainer's `convert`), takes that
one. publish copies the folder into the repository the service's pods mount, under a temporary name and then renamed,
so the service never sees half a version. keep_default pins the version serving now, so that the reload loads the
new one beside it instead of making it the default. reload asks the service (through the connection
`stock_volume_default`, whose password is the service's ADMIN_TOKEN) to rescan the repository: a version it refuses
(corrupt file, card mismatch, sample rows that do not reproduce) fails the task at once with the service's reason
while the previous version keeps serving. shadow has the new version also score every call the default answers,
after the answer; the service compares the two on the same rows. replay (param `replay_days` > 0) sends the last
days of the dataset's bars through from-bars itself, so the comparison has rows with actual volumes at once;
otherwise callers' from-bars requests bring them. wait_for_evidence waits, deferred, until the comparison holds
`min_rows` rows with actual volumes. decide ends the shadow and promotes the new version (pins it as the default)
only if the upper bound of the 95% interval of its MAE over the default's, on the same rows, is below 1; otherwise
the default stays and the task fails with the comparison in its log. wait_until_served then waits, deferred, until
the service serves the promoted version as its default.

Airflow Variables: stock_volume_trainer_jar (default /opt/stock-volume/stock-volume-trainer.jar),
stock_volume_bars_dir (default /data/stock-market-dataset), stock_volume_model_repository (default /models).
"""

from __future__ import annotations

import json
import os
import shlex

import pendulum
from airflow.sdk import Param, Variable, dag, task
from airflow.sdk.exceptions import AirflowFailException
from stock_volume_files import bars_file, dataset_symbols, publish_model_version, read_bars_csv
from stock_volume_provider.hooks import StockVolumeHook
from stock_volume_provider.sensors import ComparisonSensor, ModelVersionSensor

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
        ),
        "min_rows": Param(
            500, type="integer", minimum=1, description="rows with actual volumes the comparison needs to decide"
        ),
        "replay_days": Param(
            0,
            type="integer",
            minimum=0,
            description="> 0: replay each symbol's last this many bars up to the logical date through from-bars while"
            " the shadow runs; 0: callers' from-bars requests bring the rows",
        ),
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
    def keep_default() -> str:
        client = StockVolumeHook().get_conn()
        default = client.model(MODEL_NAME)["version"]
        client.pin(default, MODEL_NAME)
        return default

    @task
    def reload(version: str) -> list[str]:
        return StockVolumeHook().get_conn().reload(MODEL_NAME)["versions"]

    @task
    def shadow(version: str) -> None:
        StockVolumeHook().get_conn().start_shadow(version, 1.0, MODEL_NAME)

    @task
    def replay(params: dict, logical_date=None) -> int:
        days = params["replay_days"]
        if days == 0:
            return 0
        client = StockVolumeHook().get_conn()
        root = Variable.get("stock_volume_bars_dir", default="/data/stock-market-dataset")
        rows = 0
        for symbol in dataset_symbols(root):
            bars = [b for b in read_bars_csv(bars_file(root, symbol)) if b["date"] <= logical_date.date().isoformat()]
            dates = [b["date"] for b in bars][-days:]
            if dates:
                rows += len(client.predict_from_bars(symbol, bars, dates=dates))
        return rows

    @task
    def decide(version: str, default: str) -> None:
        client = StockVolumeHook().get_conn()
        comparison = client.comparison(version, MODEL_NAME)
        client.end_shadow(MODEL_NAME)
        actuals = comparison["actuals"]
        summary = (
            f"version {version} against {default} on {actuals['rows']} rows with actual volumes: MAE ratio"
            f" {actuals['ratio']:.4f}, 95% interval [{actuals['ratioLower']:.4f}, {actuals['ratioUpper']:.4f}]"
        )
        print(f"comparison: {json.dumps(comparison)}")
        if actuals["ratioUpper"] < 1:
            client.pin(version, MODEL_NAME)
            print(f"promoted: {summary}")
            return
        raise AirflowFailException(f"not promoted, {default} stays the default: {summary}")

    version = next_version()
    published = publish(train(version), version)
    default = keep_default()
    loaded = reload(published)
    default >> loaded
    shadowing = shadow(version)
    loaded >> shadowing
    evidence = ComparisonSensor(
        task_id="wait_for_evidence",
        version=version,
        model=MODEL_NAME,
        min_rows="{{ params.min_rows }}",
        deferrable=True,
        poke_interval=5,
        timeout=7 * 24 * 3600,
    )
    # replay first: the evidence it brings is what the sensor waits for (a no-op with replay_days 0)
    shadowing >> replay() >> evidence
    decision = decide(version, default)
    evidence >> decision
    wait = ModelVersionSensor(
        task_id="wait_until_served", version=version, model=MODEL_NAME, deferrable=True, poke_interval=2, timeout=600
    )
    decision >> wait


train_volume_model()

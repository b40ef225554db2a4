"""A real backfill of the predict DAG through Airflow's own scheduler (not `dags test`): the API
server (the Task Execution API the tasks report to), the DAG processor and the scheduler with the
LocalExecutor, on PostgreSQL, as Airflow documents a single machine. Every run must succeed and each
date's CSV equal the service's answers; with Airflow's tracing on, each run's predict task and the
service's inference for it are one trace."""

import os
import signal
import subprocess

from conftest import DATASET
from services import connection, wait_for
from test_dags import PREDICTION_COLUMNS, assert_csv_equals, expected_predictions, json_output, variables

# the runs at 22:00 UTC on the weekdays from Monday 2021-01-18 (a market holiday: an empty file) to
# Tuesday 2021-01-26 (the window's end is a moment: 2021-01-27 is its midnight)
FROM, TO = "2021-01-18", "2021-01-27"


def stop(process: subprocess.Popen) -> None:
    """Stops an Airflow component and everything it started (its own process group)."""
    for sig, wait in ((signal.SIGTERM, 60), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
            process.wait(wait)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def test_a_backfill_through_the_scheduler_runs_every_date_and_writes_the_services_answers(
    airflow, service, client, otlp, tmp_path
):
    env = {
        **connection(service),
        **variables(stock_volume_bars_dir=DATASET, stock_volume_output_dir=str(tmp_path)),
        # Airflow's own tracing ([traces] otel_on), exported with the OpenTelemetry SDK's variables
        "AIRFLOW__TRACES__OTEL_ON": "True",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": otlp.endpoint,
        "OTEL_SERVICE_NAME": "airflow",
    }
    airflow.run("dags", "reserialize", env=env)
    components = [airflow.start(name, env=env) for name in ("api-server", "dag-processor", "scheduler")]
    try:
        # the scheduler starts no run of a paused DAG, a backfill's included (it then also starts the
        # latest scheduled run, whose date has no bars in the fixture: an empty file)
        airflow.run("dags", "unpause", "predict_volume", env=env)
        airflow.run(
            "backfill",
            "create",
            "--dag-id",
            "predict_volume",
            "--from-date",
            FROM,
            "--to-date",
            TO,
            "--max-active-runs",
            "3",
            env=env,
        )

        def finished():
            runs = [
                r
                for r in json_output(airflow.run("dags", "list-runs", "predict_volume", "-o", "json", env=env))
                if r["run_id"].startswith("backfill__")
            ]
            return runs if runs and all(r["state"] in ("success", "failed") for r in runs) else None

        runs = wait_for(finished, 900, "every backfill run finished", interval=5)
    finally:
        for component in reversed(components):
            stop(component)

    assert sorted((r["logical_date"][:10], r["state"]) for r in runs) == [
        (day, "success")
        for day in ("2021-01-18", "2021-01-19", "2021-01-20", "2021-01-21", "2021-01-22", "2021-01-25", "2021-01-26")
    ]
    for run in runs:
        day = run["logical_date"][:10]
        expected = expected_predictions(client, day)
        assert len(expected) == (0 if day == "2021-01-18" else 3)
        assert_csv_equals(tmp_path / f"volume_predictions_{day}.csv", expected, PREDICTION_COLUMNS)
    with_rows = {r["run_id"] for r in runs if r["logical_date"][:10] != FROM}
    assert_each_predict_task_traced_to_the_inference(otlp, with_rows)


def assert_each_predict_task_traced_to_the_inference(otlp, run_ids):
    """Every run with rows to predict: its `worker.predict` span (Airflow's task runner) is an ancestor of
    the service's `inference` spans for it, one per symbol (the service joined the task's trace)."""

    def traced():
        tasks = {
            s.attributes.get("airflow.dag_run.run_id"): s
            for s in otlp.spans()
            if s.service == "airflow" and s.name == "worker.predict"
        }
        if not run_ids <= tasks.keys():
            return None
        inferences = {
            run_id: [
                s
                for s in otlp.spans()
                if s.service == "stock-volume-service"
                and s.name == "inference"
                and task.span_id in {a.span_id for a in otlp.ancestors(s)}
            ]
            for run_id, task in tasks.items()
            if run_id in run_ids
        }
        return inferences if all(len(found) == 3 for found in inferences.values()) else None

    inferences = wait_for(traced, 60, "the predict tasks' spans and the service's inference spans", interval=1)
    for found in inferences.values():
        assert {s.attributes["model.name"] for s in found} == {"stock-volume"}
        assert all(s.attributes["model.rows"] == 1 for s in found)

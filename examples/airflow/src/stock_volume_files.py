"""The files the stock-volume DAGs read and write, apart from the service's HTTP client (stock_volume_client):
a Kaggle-layout dataset's symbols and bars, CSV output written atomically, and a trained version published
into the model repository. Standard library only.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile


def symbols_to_process(root: str, listed: str | None = None) -> list[str]:
    """The symbols a run covers: `listed` (a JSON list, e.g. an Airflow Variable) or every symbol of the dataset."""
    return json.loads(listed) if listed else dataset_symbols(root)


def dataset_symbols(root: str) -> list[str]:
    """Every symbol of a Kaggle-layout dataset (stocks/ and etfs/), sorted."""
    return sorted(
        name[:-4]
        for folder in ("stocks", "etfs")
        if os.path.isdir(os.path.join(root, folder))
        for name in os.listdir(os.path.join(root, folder))
        if name.endswith(".csv")
    )


def bars_file(root: str, symbol: str) -> str | None:
    """The price file of a symbol in a Kaggle-layout dataset, or None."""
    return next(
        (
            p
            for p in (os.path.join(root, "stocks", f"{symbol}.csv"), os.path.join(root, "etfs", f"{symbol}.csv"))
            if os.path.exists(p)
        ),
        None,
    )


def read_bars_csv(path: str) -> list[dict]:
    """A Kaggle-layout price file (Date, ..., Adj Close, Volume) as bars; rows missing a value skipped."""
    bars = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row.get("Adj Close") and row.get("Volume"):
                bars.append({"date": row["Date"], "adj_close": float(row["Adj Close"]), "volume": float(row["Volume"])})
    return bars


def write_csv_atomically(path: str, rows: list[dict], columns: list[str]) -> None:
    """Writes rows to path through a temporary file and a rename: a rerun of the same logical date
    replaces the file whole, and a reader never sees half of it."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".predictions-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def publish_model_version(trained_dir: str, repository: str, name: str, version: str) -> str:
    """Copies a trained version folder (model.onnx + model-card.json) into the repository as
    `version`, under a hidden name and then renamed, so the service never sees half a version;
    refuses to replace an existing version (versions are immutable)."""
    model_dir = os.path.join(repository, name)
    os.makedirs(model_dir, exist_ok=True)
    if os.path.exists(os.path.join(model_dir, version)):
        raise FileExistsError(f"{model_dir}/{version} exists: versions are immutable")
    staging = os.path.join(model_dir, f".{version}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(trained_dir, staging)
    os.rename(staging, os.path.join(model_dir, version))
    return version

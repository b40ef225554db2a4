"""The real things the tests run against, started and stopped by the tests: the packaged service
(../../packaged_service.py), a private PostgreSQL cluster, and Apache Airflow's own command line in a
fresh AIRFLOW_HOME."""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile

from packaged_service import REPO, Service, free_port, model_repository, wait_for  # noqa: F401 (re-exported)

HERE = os.path.dirname(os.path.abspath(__file__))
DAGS = os.path.abspath(os.path.join(HERE, "..", "dags"))
AIRFLOW = os.path.join(os.path.dirname(sys.executable), "airflow")


class Postgres:
    """A private PostgreSQL cluster on 127.0.0.1 (Debian's server binaries), trusted local login,
    one database `airflow`. As root, it runs as the `postgres` user (initdb refuses root)."""

    def __init__(self):
        bindir = self._bindir()
        self.dir = tempfile.mkdtemp(prefix="stock-volume-pg-")
        self.port = free_port()
        self._as = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        self.pg_ctl = os.path.join(bindir, "pg_ctl")
        data = os.path.join(self.dir, "data")
        self._run(os.path.join(bindir, "initdb"), "-D", data, "-U", "airflow", "--auth=trust", "-E", "UTF8")
        self._run(
            self.pg_ctl,
            "-D",
            data,
            "-l",
            os.path.join(self.dir, "postgres.log"),
            "-w",
            "start",
            "-o",
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off",
        )
        self._run(os.path.join(bindir, "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "airflow", "airflow")
        self.url = f"postgresql+psycopg2://airflow@127.0.0.1:{self.port}/airflow"

    @staticmethod
    def _bindir() -> str:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
        if found:
            return os.path.dirname(found[-1])
        if shutil.which("pg_ctl"):
            return os.path.dirname(shutil.which("pg_ctl"))
        raise RuntimeError("no PostgreSQL server: install Debian's package postgresql (.ci/run does)")

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, cwd=self.dir)

    def stop(self) -> None:
        subprocess.run(
            [*self._as, self.pg_ctl, "-D", os.path.join(self.dir, "data"), "-m", "fast", "stop"],
            capture_output=True,
            cwd=self.dir,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


class Airflow:
    """Apache Airflow's command line on one AIRFLOW_HOME and metadata database, the DAGs folder of this
    example, the LocalExecutor. Variables and connections go in per command, as AIRFLOW_VAR_* / AIRFLOW_CONN_*."""

    def __init__(self, home: str, database_url: str):
        self.home = home
        self.api_port = free_port()
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW_", "AIRFLOW__"))},
            "AIRFLOW_HOME": home,
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": database_url,
            "AIRFLOW__CORE__DAGS_FOLDER": DAGS,
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__PARALLELISM": "4",
            "AIRFLOW__API__HOST": "127.0.0.1",
            "AIRFLOW__API__PORT": str(self.api_port),
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{self.api_port}/execution/",
            "AIRFLOW__API_AUTH__JWT_SECRET": os.urandom(16).hex(),
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
            "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "1",
            "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
        }
        self.run("db", "migrate")

    def run(
        self, *args: str, env: dict[str, str] | None = None, check: bool = True, timeout: float = 600
    ) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [AIRFLOW, *args],
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=self.home,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"airflow {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
            )
        return result

    def start(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        """A long-running Airflow component (scheduler, api-server, ...), its output in AIRFLOW_HOME."""
        log = open(os.path.join(self.home, f"{args[0]}.out"), "w")
        return subprocess.Popen(
            [AIRFLOW, *args],
            env={**self.env, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.home,
            start_new_session=True,
        )

    def task_logs(self) -> str:
        """Every task log written under AIRFLOW_HOME so far."""
        return "\n".join(
            open(p, errors="replace").read()
            for p in glob.glob(os.path.join(self.home, "logs", "**", "*.log"), recursive=True)
        )


def connection(service: Service, token: str | None = None) -> dict[str, str]:
    """AIRFLOW_CONN_STOCK_VOLUME_DEFAULT for a service, in Airflow's JSON form."""
    conn = {"conn_type": "stock_volume", "host": "127.0.0.1", "port": service.port}
    if token:
        conn["password"] = token
    return {"AIRFLOW_CONN_STOCK_VOLUME_DEFAULT": json.dumps(conn)}

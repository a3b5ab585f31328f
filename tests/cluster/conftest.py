"""The cluster of docs/operations.md ("Several machines"), started by scripts/cluster.sh for these tests.

Its own database (``CLUSTER_DB``, default ``civildesk_cluster_pytest``), ports
(``CLUSTER_PORT``, default 8800) and directory (a temporary one); purged at the
end. The tests speak HTTP to the app nodes and the balancer, run ``manage.py``
with the cluster's environment file, and read the database directly only to
observe (never to arrange what the application should have done).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "cluster.sh"
PASSWORD = "Correct-Horse-42"

# The environment of the process that runs pytest (DJANGO_SETTINGS_MODULE=settings_test,
# perhaps DATABASE_URL of another database) must not leak into the cluster.
_OWN = ("CIVILDESK_", "DJANGO_", "DATABASE_URL", "REDIS_URL", "CLUSTER_")


def base_environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN)}
    env.update(extra)
    return env


@dataclass
class Cluster:
    directory: Path
    port: int
    database: str
    nodes: int = 3
    workers: int = 2
    settings: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def node_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port + int(name.removeprefix('node'))}"

    def script_env(self) -> dict[str, str]:
        return base_environment(
            CLUSTER_DIR=str(self.directory),
            CLUSTER_PORT=str(self.port),
            CLUSTER_DB=self.database,
            CLUSTER_NODES=str(self.nodes),
            CLUSTER_WORKERS=str(self.workers),
            **self.settings,
        )

    def sh(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["bash", str(SCRIPT), *args], cwd=ROOT, env=self.script_env(), capture_output=True, text=True, timeout=600
        )
        if check and done.returncode != 0:
            raise AssertionError(f"cluster.sh {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def env(self) -> dict[str, str]:
        """What ``set -a; . CLUSTER_DIR/env`` gives a shell: manage.py against the cluster."""
        values = dict(self.settings)
        for line in (self.directory / "env").read_text().splitlines():
            name, sep, value = line.partition("=")
            if sep:
                values[name] = value
        return base_environment(**values, PYTHONPATH=str(ROOT))

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(), capture_output=True, text=True, timeout=600
        )
        if check and done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def python(self, code: str) -> Any:
        """Run ``code`` in ``manage.py shell`` against the cluster; it prints one JSON line, returned here."""
        done = self.manage("shell", "-c", code)
        return json.loads(done.stdout.strip().splitlines()[-1])

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{self.database}", autocommit=True) as conn:
            return conn.execute(query, params).fetchall()

    def up(self) -> None:
        self.sh("down", "--purge", check=False)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.sh("up")

    def down(self) -> None:
        self.sh("down", "--purge", check=False)


def login(base: str, username: str, password: str = PASSWORD) -> tuple[requests.Session, requests.Response]:
    """A browser's login: the form page (CSRF cookie), then the form."""
    session = requests.Session()
    session.get(f"{base}/login/", timeout=30)
    response = session.post(
        f"{base}/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{base}/login/"},
        allow_redirects=False,
        timeout=30,
    )
    return session, response


def post(session: requests.Session, url: str, **kwargs: Any) -> requests.Response:
    data = {**kwargs.pop("data", {}), "csrfmiddlewaretoken": session.cookies["csrftoken"]}
    return session.post(url, data=data, headers={"Referer": url}, allow_redirects=False, timeout=60, **kwargs)


def wait_for(condition: Callable[[], Any], *, seconds: float, every: float = 0.5, what: str = "condition") -> Any:
    """Poll until ``condition()`` is truthy (a bound on waiting, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds:.0f}s for {what}")
        time.sleep(every)


def job_id_of(response: requests.Response) -> str:
    match = re.search(r"[?&]job=([0-9a-f-]{36})", response.headers.get("Location", ""))
    assert match, (response.status_code, response.headers.get("Location"), response.text[:500])
    return match.group(1)


SEED = (ROOT / "tests" / "cluster" / "seed.py").read_text()


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    port = int(os.environ.get("CLUSTER_PORT", "8800"))
    the_cluster = Cluster(
        directory=tmp_path_factory.mktemp("cluster"),
        port=port,
        database=os.environ.get("CLUSTER_DB", "civildesk_cluster_pytest"),
        # Counted per client address over a day: the test's requests are one client, on every node.
        settings={"CIVILDESK_WIDGET_RATE": "4/d", "CIVILDESK_LOGIN_FAILURE_LIMIT": "3"},
    )
    the_cluster.up()
    try:
        the_cluster.python(SEED)
        yield the_cluster
    finally:
        logs = the_cluster.directory / "log"
        if os.environ.get("CI") == "true" and logs.exists():
            for log in sorted(logs.glob("*.log")):
                tail = log.read_text(errors="replace").splitlines()[-15:]
                sys.stderr.write(f"--- {log.name} (last lines)\n" + "\n".join(tail) + "\n")
        the_cluster.down()

"""CivilDesk under load: one app node beside the cluster, at increasing concurrency, and faults under load.

Run:
    .venv/bin/python bench/load.py                      # one node and the cluster, 10/50/100/200 users, 20 s each
    .venv/bin/python bench/load.py --quick              # 10 and 50 users, 8 s each
    .venv/bin/python bench/load.py --target one         # only the single node (or --target cluster)
    .venv/bin/python bench/load.py --faults             # the faults-under-load table against the cluster

The mix (``bench/load/locustfile.py``, Locust headless, bounded in time): 70 % page views by logged-in civil
servants, 20 % assistant questions, 5 % uploads, 5 % citizen tracking, on the demo province.

* One node: one gunicorn (``--gunicorn-workers``, as many as one cluster node has) and one ``db_worker``,
  started here on PostgreSQL (database ``civildesk_load``, data ``/tmp/load-data``, port 8960), no Redis: the
  single-machine deployment of docs/operations.md.
* The cluster: ``scripts/cluster.sh up`` with CLUSTER_PORT=8900, CLUSTER_DB=civildesk_loadtest,
  CLUSTER_DIR=/tmp/load-cluster (HAProxy, ``--nodes`` gunicorn nodes, RQ workers, its own Redis).

Both are loaded with the demo province (``manage.py load_demo``) the first time. Limits: the per-address limits
(citizen tracking) see each citizen's own address, written by the load generator in ``X-Forwarded-For`` as the
proxy tier in front of the site (``CIVILDESK_PROXY_COUNT`` 1 on one node, 2 behind the balancer); the
assistant's per-account limit is raised by ``CIVILDESK_ASSISTANT_RATE`` because the simulated users share the
demo's 16 accounts. The accounts log in once before the steps (a login is a deliberate 0.3 s of password
hashing, not what a working day repeats).

Prints per step: requests, throughput (req/s), p50/p95/p99 ms, error rate, and the machine's load average;
then the two targets side by side with the ratio cluster / one node; then the checks (no lost upload, nothing
half-saved, no duplicate number, ``audit_verify``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench" / "load"))
from mix import locust_summary, ms, table, window  # noqa: E402
from procs import cpu_seconds, descendants, pss_mb  # noqa: E402
from report import side_by_side, single  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
LOCUST = str(ROOT / ".venv" / "bin" / "locust")
PG = "postgres://postgres@127.0.0.1:5432"
STAFF_OFFICE = "10.0.0.{}"
BENCH_ENV = {
    # the simulated users share the demo's accounts: the per-account limit would count them as one person
    "CIVILDESK_ASSISTANT_RATE": "100000/m",
    "DJANGO_DEBUG": "0",
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(
        ["psql", f"{PG}/{db}", "-v", "ON_ERROR_STOP=1", "-qtAc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


def wait_healthy(url: str, timeout: float = 120, answer_within: float = 5) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=answer_within) as r:  # noqa: S310 - our own loopback URL
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not become healthy")


class Target:
    """Something to load: a URL, the environment of its manage.py, and how many proxies it trusts."""

    name = ""
    url = ""
    env: dict[str, str]

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env=self.env, check=check, capture_output=True, text=True
        )

    def ensure_demo(self) -> None:
        db = self.env["DATABASE_URL"].rsplit("/", 1)[1]
        if psql("SELECT COUNT(*) FROM procedures_dossier", db) == "0":
            log(f"{self.name}: loading the demo province (a few minutes, once)")
            self.manage("load_demo", "--quiet")

    def codes(self) -> list[str]:
        db = self.env["DATABASE_URL"].rsplit("/", 1)[1]
        return psql("SELECT code FROM procedures_dossier ORDER BY code", db).splitlines()

    def check(self, ack_file: Path) -> dict[str, object]:
        out = subprocess.run(
            [PY, str(ROOT / "bench" / "load" / "check.py"), str(ack_file)],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if out.returncode:
            return {"error": out.stderr.strip().splitlines()[-1:] or ["check failed"]}
        return json.loads(out.stdout.strip().splitlines()[-1])

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def server_pids(self) -> list[int]:
        return [pid for pids in self.groups().values() for pid in pids]

    def groups(self) -> dict[str, list[int]]:
        """The target's processes by role: ``web`` (gunicorn), ``jobs`` (task workers), ``other``."""
        return {}

    def db_pids(self) -> list[int]:
        """The PostgreSQL backends serving this target's database (its persistent connections)."""
        db = self.env["DATABASE_URL"].rsplit("/", 1)[1]
        return [int(p) for p in psql(f"SELECT pid FROM pg_stat_activity WHERE datname = '{db}'").split()]

    def usage(self) -> dict[str, dict[int, float]]:
        out = {role: cpu_seconds(descendants(pids)) for role, pids in self.groups().items()}
        out["db"] = cpu_seconds(self.db_pids())
        return out


class OneNode(Target):
    name = "one node"

    def __init__(self, port: int, workers: int, data: str, db: str) -> None:
        self.port, self.workers, self.data, self.db = port, workers, data, db
        self.url = f"http://127.0.0.1:{port}"
        self.env = {
            **os.environ,
            **BENCH_ENV,
            "DATABASE_URL": f"{PG}/{db}",
            "CIVILDESK_DATA_DIR": data,
            "CIVILDESK_PROXY_COUNT": "1",  # the load generator is the proxy in front of the node
        }
        self.env.pop("REDIS_URL", None)
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        if not psql(f"SELECT 1 FROM pg_database WHERE datname='{self.db}'"):
            psql(f'CREATE DATABASE "{self.db}"')
        Path(self.data).mkdir(parents=True, exist_ok=True)
        self.manage("migrate", "--noinput", "-v0")
        self.ensure_demo()
        logs = Path(self.data) / "log"
        logs.mkdir(exist_ok=True)
        gunicorn = [str(ROOT / ".venv" / "bin" / "gunicorn"), "civildesk.wsgi", "--chdir", str(ROOT)]
        gunicorn += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers), "--timeout", "120"]
        for cmd, name in ((gunicorn, "node"), ([PY, "manage.py", "db_worker", "--interval", "1"], "worker")):
            with open(logs / f"{name}.log", "ab") as out:
                self.procs.append(
                    subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=out, stderr=out, start_new_session=True)
                )
        wait_healthy(self.url)

    def groups(self) -> dict[str, list[int]]:
        return {"web": [p.pid for p in self.procs[:1]], "jobs": [p.pid for p in self.procs[1:]], "other": []}

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        self.procs = []


class Cluster(Target):
    name = "cluster"

    def __init__(self, port: int, nodes: int, workers: int, gunicorn_workers: int, directory: str, db: str) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.directory = directory
        self.script_env = {
            **os.environ,
            **BENCH_ENV,
            "CLUSTER_PORT": str(port),
            "CLUSTER_DB": db,
            "CLUSTER_DIR": directory,
            "CLUSTER_NODES": str(nodes),
            "CLUSTER_WORKERS": str(workers),
            "CLUSTER_GUNICORN_WORKERS": str(gunicorn_workers),
            # the load generator is a proxy in front of the balancer: it and HAProxy are trusted
            "CIVILDESK_PROXY_COUNT": "2",
        }
        self.env = dict(self.script_env)

    def script(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", str(ROOT / "scripts" / "cluster.sh"), *args],
            cwd=ROOT,
            env=self.script_env,
            check=check,
            capture_output=True,
            text=True,
        )

    def start(self) -> None:
        if not (ROOT / "scripts" / "cluster.sh").exists():
            raise SystemExit("scripts/cluster.sh is missing (branch cluster not merged)")
        out = self.script("up")
        log(out.stdout.strip().splitlines()[-2] if out.stdout.strip() else "cluster up")
        for line in (Path(self.directory) / "env").read_text(encoding="utf-8").splitlines():
            if "=" in line and not line.startswith("#"):
                key, _, value = line.partition("=")
                self.env[key] = value
        self.env.update(BENCH_ENV)
        proxies = self.env.get("CIVILDESK_PROXY_COUNT")
        if proxies != "2":
            log(f"warning: the cluster trusts {proxies} proxy: every citizen counts as the balancer's address")
        self.ensure_demo()

    def groups(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {"web": [], "jobs": [], "other": []}
        for f in (Path(self.directory) / "run").glob("*.pid"):
            text = f.read_text().strip()
            if text.isdigit():
                role = "web" if f.stem.startswith("node") else "jobs" if f.stem.startswith("worker") else "other"
                out[role].append(int(text))
        return out

    def stop(self) -> None:
        self.script("down", check=False)


def make_sessions(target: Target, path: Path) -> None:
    """Log each demo account in once (through the target, from its office address); Locust reuses the cookies."""
    sys.path.insert(0, str(ROOT / "bench" / "load"))
    import http.cookiejar
    import urllib.parse

    staff = _staff()
    sessions: dict[str, dict[str, str]] = {}
    for number, username in enumerate(staff):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        headers = {"X-Forwarded-For": STAFF_OFFICE.format(number + 1)}
        opener.open(urllib.request.Request(f"{target.url}/login/", headers=headers), timeout=60).read()
        token = next(c.value for c in jar if c.name == "csrftoken")
        body = urllib.parse.urlencode(
            {"username": username, "password": "CivilDesk@2026", "csrfmiddlewaretoken": token}
        ).encode()
        opener.open(urllib.request.Request(f"{target.url}/login/", data=body, headers=headers), timeout=60).read()
        cookies = {c.name: c.value for c in jar}
        if "sessionid" not in cookies:
            raise SystemExit(f"{target.name}: login refused for {username}")
        sessions[username] = cookies
    path.write_text(json.dumps(sessions), encoding="utf-8")


def _staff() -> list[str]:
    text = (ROOT / "bench" / "load" / "locustfile.py").read_text(encoding="utf-8")
    block = text.split("STAFF = [", 1)[1].split("]", 1)[0]
    return [line.strip().strip('",') for line in block.splitlines() if line.strip().startswith('"')]


def locust(
    target: Target, users: int, seconds: int, work: Path, tag: str, wait: str
) -> tuple[subprocess.Popen[bytes], Path]:
    prefix = work / tag
    env = {
        **os.environ,
        "LOAD_ACK_FILE": str(work / f"{target.name.replace(' ', '-')}-acks.jsonl"),
        "LOAD_CODES_FILE": str(work / f"{target.name.replace(' ', '-')}-codes.txt"),
        "LOAD_SESSIONS_FILE": str(work / f"{target.name.replace(' ', '-')}-sessions.json"),
        "LOAD_LOG_FILE": str(prefix) + "-requests.tsv",
        "LOAD_WAIT": wait,
    }
    cmd = [LOCUST, "-f", str(ROOT / "bench" / "load" / "locustfile.py"), "--headless", "--only-summary"]
    cmd += ["-u", str(users), "-r", str(min(users, 50)), "-t", f"{seconds}s", "--host", target.url]
    cmd += ["--csv", str(prefix), "--stop-timeout", "10", "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    with open(str(prefix) + "-locust.log", "ab") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=out)
    return proc, prefix


def run_steps(
    target: Target, steps: list[int], seconds: int, work: Path, wait: str, warmup: int
) -> list[dict[str, float]]:
    if warmup:  # every gunicorn worker loads the index and the embedding model at its first question
        proc, _ = locust(target, 20, warmup, work, f"{target.name.replace(' ', '-')}-warmup", wait)
        proc.wait()
    results = []
    for users in steps:
        before = target.usage()
        proc, prefix = locust(target, users, seconds, work, f"{target.name.replace(' ', '-')}-{users}", wait)
        proc.wait()
        after = target.usage()
        summary = locust_summary(Path(str(prefix) + "_stats.csv").read_text(encoding="utf-8"))
        summary["users"] = users
        summary["ok_rps"] = summary["rps"] * (1 - summary["error_rate"])  # a quick 503 is no throughput
        summary["load"] = os.getloadavg()[0]
        served = max(1, summary["requests"] - summary["failures"])
        for role, times in after.items():
            summary[f"{role}_cpu"] = sum(t - before[role].get(p, 0) for p, t in times.items()) / served
        summary["app_mb"] = pss_mb(descendants(target.server_pids()))
        results.append(summary)
        log(
            f"{target.name:8} {users:4} users: {summary['requests']:.0f} requests, {summary['ok_rps']:.1f} req/s answered, "
            f"p50/p95/p99 {ms(summary['p50'])}/{ms(summary['p95'])}/{ms(summary['p99'])} ms, "
            f"errors {summary['error_rate']:.2%}, load average {summary['load']:.2f}; CPU per request: "
            f"web {summary['web_cpu'] * 1000:.0f} ms, jobs {summary['jobs_cpu'] * 1000:.0f} ms, "
            f"redis+balancer {summary['other_cpu'] * 1000:.0f} ms, database {summary['db_cpu'] * 1000:.0f} ms; "
            f"app memory {summary['app_mb']:.0f} MiB"
        )
    return results


def prepare(target: Target, work: Path) -> None:
    slug = target.name.replace(" ", "-")
    (work / f"{slug}-codes.txt").write_text("\n".join(target.codes()) + "\n", encoding="utf-8")
    (work / f"{slug}-acks.jsonl").touch()
    make_sessions(target, work / f"{slug}-sessions.json")


def print_checks(target: Target, work: Path) -> dict[str, object]:
    result = target.check(work / f"{target.name.replace(' ', '-')}-acks.jsonl")
    log(f"{target.name}: checks {json.dumps(result, ensure_ascii=False)}")
    return result


# --- Faults under load ------------------------------------------------------------------------------------


def refuse_database(db: str, seconds: float) -> None:
    """The cluster's database refuses every connection for a while (the server itself keeps running)."""
    psql(f'ALTER DATABASE "{db}" ALLOW_CONNECTIONS false')
    try:
        psql(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}' AND pid <> pg_backend_pid()"
        )
        time.sleep(seconds)
    finally:
        psql(f'ALTER DATABASE "{db}" ALLOW_CONNECTIONS true')


def run_faults(cluster: Cluster, users: int, work: Path, wait: str, settle: float, db: str) -> str:
    """The mix runs against the cluster while each fault is injected in turn; checks after each."""
    faults: list[tuple[str, object]] = [
        ("kill -9 app node2, restart it 15 s later", lambda: _kill_restart(cluster, "node2", 15)),
        ("kill -9 worker1 (mid-job), restart it 5 s later", lambda: _kill_restart(cluster, "worker1", 5)),
        ("restart the cluster's Redis", lambda: (cluster.script("stop", "redis"), cluster.script("start", "redis"))),
        (f"PostgreSQL refuses {db} for 10 s", lambda: refuse_database(db, 10)),
    ]
    total = int(settle + len(faults) * (settle + 120) + 60)  # an upper bound: stopped after the last fault
    proc, prefix = locust(cluster, users, total, work, "faults", wait)
    log(f"faults: {users} users for up to {total} s")
    time.sleep(settle)
    log_file = Path(str(prefix) + "-requests.tsv")
    rows = []
    for name, inject in faults:
        before = time.time()
        base_total, base_failed = window(log_file.read_text(encoding="utf-8").splitlines(), before - settle, before)
        log(f"fault: {name}")
        inject()  # type: ignore[operator]
        injected = time.time()
        # through the balancer, queued behind the load like any request: slow is not down
        wait_healthy(cluster.url, timeout=300, answer_within=120)
        time.sleep(settle)
        end = time.time()
        lines = log_file.read_text(encoding="utf-8").splitlines()
        requests, failed = window(lines, before, end)
        last_failure = max(
            (
                float(p[0])
                for p in (line.split("\t") for line in lines)
                if len(p) > 3 and p[2] == "0" and before <= float(p[0]) <= end
            ),
            default=None,
        )
        checks = print_checks(cluster, work)
        dups = checks.get("duplicates", {})
        audit = checks.get("audit", {})
        rows.append(
            [
                name,
                f"{injected - before:.0f} s",
                f"{base_failed}/{base_total}",
                f"{failed}/{requests}",
                f"{last_failure - before:.1f} s" if last_failure else "—",
                f"{len(checks.get('lost', [])) if 'lost' in checks else '?'} of {checks.get('acknowledged', '?')}",
                str(len(checks.get("half_saved", []))) if "half_saved" in checks else "?",
                str(sum(v for v in dups.values() if v > 0)) if isinstance(dups, dict) else "?",  # type: ignore[union-attr]
                "passes" if isinstance(audit, dict) and audit.get("ok") else f"FAILS {audit}",
                json.dumps(checks.get("jobs", {}), ensure_ascii=False),
            ]
        )
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:  # users stuck in a long request: the figures are taken already
        proc.kill()
        proc.wait()
    header = [
        "fault",
        "fault lasted",
        f"errors {settle:.0f} s before",
        "errors fault → recovered + settle",
        "last error after fault start",
        "lost uploads",
        "half-saved",
        "duplicate numbers",
        "audit_verify",
        "jobs by status",
    ]
    return table(header, rows)


def _kill_restart(cluster: Cluster, name: str, down: float) -> None:
    cluster.script("kill", name)
    time.sleep(down)
    cluster.script("start", name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=["one", "cluster", "both"], default="both")
    parser.add_argument("--users", default="10,50,100,200", help="concurrency steps (default 10,50,100,200)")
    parser.add_argument("--duration", type=int, default=20, help="seconds per step (default 20)")
    parser.add_argument("--quick", action="store_true", help="10 and 50 users, 8 s each")
    parser.add_argument(
        "--warmup", type=int, default=20, help="seconds of load (20 users) before the steps, not counted"
    )
    parser.add_argument("--wait", default="1,3", help="think time between a user's tasks, s (default 1,3)")
    parser.add_argument("--faults", action="store_true", help="faults under load against the cluster instead")
    parser.add_argument("--fault-users", type=int, default=20)
    parser.add_argument("--settle", type=float, default=10, help="seconds of load before and after each fault")
    parser.add_argument("--nodes", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="RQ workers of the cluster")
    parser.add_argument("--gunicorn-workers", type=int, default=2, help="per node, the single node alike")
    parser.add_argument("--port", type=int, default=8960, help="the single node's port")
    parser.add_argument("--cluster-port", type=int, default=int(os.environ.get("CLUSTER_PORT", "8900")))
    parser.add_argument("--cluster-db", default=os.environ.get("CLUSTER_DB", "civildesk_loadtest"))
    parser.add_argument("--cluster-dir", default=os.environ.get("CLUSTER_DIR", "/tmp/load-cluster"))
    parser.add_argument("--db", default="civildesk_load", help="the single node's database")
    parser.add_argument("--data", default="/tmp/load-data", help="the single node's data directory")
    parser.add_argument("--keep", action="store_true", help="leave the cluster running at the end")
    args = parser.parse_args()
    steps = [10, 50] if args.quick else [int(n) for n in args.users.split(",")]
    seconds = 8 if args.quick else args.duration
    work = Path(tempfile.mkdtemp(prefix="civildesk-load-"))
    log(f"cpus {os.cpu_count()}, load average {os.getloadavg()[0]:.2f} before, work files in {work}")

    one = OneNode(args.port, args.gunicorn_workers, args.data, args.db)
    cluster = Cluster(
        args.cluster_port, args.nodes, args.workers, args.gunicorn_workers, args.cluster_dir, args.cluster_db
    )
    results: dict[str, list[dict[str, float]]] = {}
    try:
        if args.faults:
            cluster.start()
            prepare(cluster, work)
            print(run_faults(cluster, args.fault_users, work, args.wait, args.settle, args.cluster_db))
            return
        for target in ([one] if args.target != "cluster" else []) + ([cluster] if args.target != "one" else []):
            log(f"{target.name}: starting")
            target.start()
            try:
                prepare(target, work)
                results[target.name] = run_steps(target, steps, seconds, work, args.wait, args.warmup)
                print_checks(target, work)
            finally:
                if target is one or not args.keep:
                    target.stop()
    finally:
        one.stop()
        if not args.keep:
            cluster.stop()
        if os.environ.get("LOAD_KEEP_WORK") != "1":
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"CivilDesk load mix, {seconds} s per step, think time {args.wait} s, {os.cpu_count()} cores (shared)")
    if "one node" in results and "cluster" in results:
        print(side_by_side(results["one node"], results["cluster"], args.nodes))
    else:
        for name, rows in results.items():
            print(single(name, rows))


if __name__ == "__main__":
    main()

"""Backup and restore of the whole cluster, running the shell blocks of docs/operations.md as written.

The running cluster is backed up ("Backing up the cluster"), a second, empty
cluster (its own database, directory and ports) is restored from the backup
("Restoring the cluster") and started; both must then hold the same rows, the
same files, an intact audit trail, the same identities and answer the same
searches.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT, Cluster, base_environment, login, wait_for

pytestmark = pytest.mark.cluster

QUERY = "hồ sơ nhân sự lưu trữ vĩnh viễn"
# Not restored but rebuilt: the database cache, and the index generations `library_reindex` publishes.
REBUILT = re.compile(r"^civildesk_cache$|generation")


def doc_block(heading: str) -> str:
    """The first ```sh block under ``### heading`` in docs/operations.md."""
    text = (ROOT / "docs" / "operations.md").read_text()
    section = text.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    match = re.search(r"^( *)```sh\n(.*?)^\1```", section, re.S | re.M)
    assert match, f"no sh block under {heading!r}"
    return textwrap.dedent(match.group(2))


def run_block(block: str, **env: str) -> str:
    done = subprocess.run(
        ["bash", "-euc", block],
        cwd=ROOT,
        env=base_environment(**env),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"{block}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    return done.stdout


def row_counts(cluster: Cluster) -> dict[str, int]:
    tables = [
        name
        for (name,) in cluster.sql(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        if not REBUILT.search(name)
    ]
    return {name: cluster.sql(f'SELECT count(*) FROM "{name}"')[0][0] for name in sorted(tables)}


def file_hashes(cluster: Cluster, *parts: str) -> dict[str, str]:
    """SHA-256 of the shared files (the published index generations aside: rebuilt, not restored)."""
    shared = cluster.directory / "shared"
    return {
        str(path.relative_to(shared)): hashlib.sha256(path.read_bytes()).hexdigest()
        for part in parts
        for path in sorted((shared / part).rglob("*"))
        if path.is_file() and not path.relative_to(shared).as_posix().startswith("files/index/")
    }


def idle(cluster: Cluster) -> bool:
    """No job queued or running (RQ's queue and started registry empty, no unfinished org.Job)."""
    import django_rq  # noqa: F401 - only to be sure the RQ stack is installed
    from redis import Redis
    from rq import Queue

    queue = Queue("default", connection=Redis.from_url(cluster.env()["REDIS_URL"]))
    unfinished = cluster.sql("SELECT count(*) FROM org_job WHERE status IN ('queued', 'running')")[0][0]
    return not unfinished and queue.count == 0 and not queue.started_job_registry.get_job_ids()


IDENTITY = (
    "import json; from civildesk.inspection import protect; from civildesk.inspection.models import Case; "
    "print(json.dumps({c.number: protect.decrypt_identity(c.identity_token).name "
    "for c in Case.objects.exclude(identity_token='')}))"
)


def search_hits(cluster: Cluster) -> list[str]:
    session, _ = login(cluster.url, "reader.a")
    page = session.get(f"{cluster.url}/library/", params={"q": QUERY}, timeout=60).text
    return re.findall(r'href="(/library/\d+/[^"]*)"', page)


class Restore:
    def __init__(self, original: Cluster, restored: Cluster, before: dict, files: dict, output: str) -> None:
        self.original, self.restored, self.before, self.files, self.output = original, restored, before, files, output
        # Read once, as restored: the other tests of this module log in to the restored cluster
        # (sessions, access logs, audit entries), and pytest-randomly runs them in any order.
        self.after = row_counts(restored)
        self.after_files = file_hashes(restored, "files", "signing")


@pytest.fixture(scope="module")
def restore(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Restore]:
    wait_for(lambda: idle(cluster), seconds=600, every=2, what="the cluster's jobs to finish")
    before = row_counts(cluster)
    files = file_hashes(cluster, "files", "signing")
    backup, keys = tmp_path_factory.mktemp("backup"), tmp_path_factory.mktemp("keys")
    run_block(
        doc_block("Backing up the cluster"), ENV_FILE=str(cluster.directory / "env"), BACKUP=str(backup), KEYS=str(keys)
    )
    (dump,) = backup.glob("civildesk-*.dump")
    date = dump.name.removeprefix("civildesk-").removesuffix(".dump")

    restored = Cluster(
        directory=tmp_path_factory.mktemp("restored"),
        port=cluster.port + 40,
        database=f"{cluster.database}_restored",
        nodes=2,
        workers=1,
    )
    restored.sh("down", "--purge", check=False)
    restored.directory.mkdir(parents=True, exist_ok=True)
    restored.sh("env")
    subprocess.run(
        ["psql", "postgres://postgres@127.0.0.1:5432/postgres", "-q", "-c", f'CREATE DATABASE "{restored.database}"'],
        check=True,
        capture_output=True,
    )
    try:
        output = run_block(
            doc_block("Restoring the cluster"),
            ENV_FILE=str(restored.directory / "env"),
            BACKUP=str(backup),
            KEYS=str(keys),
            DATE=date,
        )
        restored.sh("up")
        yield Restore(cluster, restored, before, files, output)
    finally:
        restored.down()


def test_the_restored_cluster_holds_the_same_rows_and_files(restore):
    assert restore.after == restore.before
    assert restore.before["org_auditentry"] > 0 and restore.before["library_document"] > 0
    assert restore.after_files == restore.files
    assert restore.files  # the uploads are there, byte for byte


def test_the_restored_audit_trail_is_intact(restore):
    assert "audit trail intact" in restore.output
    assert "audit trail intact" in restore.restored.manage("audit_verify").stdout


def test_the_restored_cluster_decrypts_the_same_identities(restore):
    identities = restore.restored.python(IDENTITY)
    assert identities == restore.original.python(IDENTITY)
    assert "Lò Thị Bảo Mật" in identities.values()
    for key in (restore.restored.directory / "keys").glob("*.key"):
        assert key.stat().st_mode & 0o077 == 0, key


def test_the_restored_cluster_serves_through_its_balancer(restore):
    session, response = login(restore.restored.url, "reader.a")
    assert response.status_code == 302
    assert session.get(f"{restore.restored.url}/library/", timeout=30).status_code == 200


def test_the_restored_cluster_answers_the_same_searches(restore):
    expected = search_hits(restore.original)
    assert expected, "the original cluster finds the seeded decree"
    wait_for(lambda: search_hits(restore.restored) == expected, seconds=10, what="the same search results")


def test_backup_blocks_name_only_what_the_documentation_lists():
    """The blocks the test runs are the documented ones (and need the tools `install-system-deps.sh cluster` installs)."""
    backup, restore_block = doc_block("Backing up the cluster"), doc_block("Restoring the cluster")
    assert "pg_dump -Fc" in backup and "CIVILDESK_FIELD_KEY_FILE" in backup
    assert "pg_restore" in restore_block and "audit_verify" in restore_block
    assert (
        Path("/usr/bin/pg_dump").exists()
        or "postgresql-client" in (ROOT / "scripts/install-system-deps.sh").read_text()
    )

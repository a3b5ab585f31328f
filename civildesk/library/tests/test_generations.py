"""The index on several nodes: generations published to the shared storage and followed by each node.

A "node" here is an index directory of its own (``CIVILDESK_INDEX_DIR``) against
the one database and the one file storage of the test, as two app servers are.
"""

from __future__ import annotations

import json
import logging
import threading
import time

import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from civildesk.library import generations, search
from civildesk.library.models import IndexGeneration
from civildesk.retrieval import Passage, store
from civildesk.retrieval.embed import DIM, Embedder

from .test_services import DECREE, upload

SECOND = DECREE.replace("99/2026/NĐ-CP", "98/2026/NĐ-CP").replace(
    "Điều 3. Hiệu lực thi hành", "Điều 3. Chữ ký số\nHồ sơ điện tử được ký số bằng chứng thư số.\n\nĐiều 4. Hiệu lực"
)


@pytest.fixture
def node(settings, tmp_path, monkeypatch):
    """``node("a")`` makes this process act as app server "a" (its own index directory)."""
    monkeypatch.setattr(search, "CHECK_EVERY", 0.0)  # look at the database on every search

    def switch(name: str):
        settings.CIVILDESK_INDEX_DIR = tmp_path / f"node-{name}"
        return settings.CIVILDESK_INDEX_DIR

    return switch


def labels(user, query):
    return [r.article.label for r in search.search(user, query)]


@pytest.mark.usefixtures("lexical_only")
def test_a_document_indexed_on_node_a_is_found_on_node_b(node, staff_a, units, django_capture_on_commit_callbacks):
    node("b")
    assert search.search(staff_a, "lưu trữ vĩnh viễn") == []
    a = node("a")
    upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks)
    newest = generations.newest()
    assert newest is not None and store.current_name(a) == newest.name

    b = node("b")
    assert labels(staff_a, "lưu trữ vĩnh viễn")[0] == "Điều 2"
    assert store.current_name(b) == newest.name

    node("a")
    upload(staff_a, units["a"], text=SECOND, name="second.txt", capture=django_capture_on_commit_callbacks)
    node("b")
    assert labels(staff_a, "chứng thư số")[0] == "Điều 3"
    assert generations.newest().number == newest.number + 1


@pytest.mark.usefixtures("lexical_only")
def test_a_node_follows_at_most_once_a_second(node, staff_a, units, django_capture_on_commit_callbacks, monkeypatch):
    node("b")
    search.get_index()
    monkeypatch.setattr(search, "CHECK_EVERY", 3600.0)
    node("a")
    upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks)
    node("b")
    assert search.search(staff_a, "lưu trữ vĩnh viễn") == []  # not looked at again yet
    monkeypatch.setattr(search, "CHECK_EVERY", 0.0)
    assert labels(staff_a, "lưu trữ vĩnh viễn")[0] == "Điều 2"


embedded: list[str] = []


def fake_passages(self, texts, progress=None):
    """Deterministic vectors at the embedding seam, remembering what was embedded."""
    embedded.extend(texts)
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, t in enumerate(texts):
        out[i, len(t) % DIM] = 1.0
    return out


def fake_query(self, text):
    v = np.zeros(DIM, dtype=np.float32)
    v[0] = 1.0
    return v


def test_an_empty_node_catches_up_without_embedding(
    node, staff_a, units, django_capture_on_commit_callbacks, monkeypatch, settings, tmp_path
):
    settings.CIVILDESK_INDEX_DENSE = True
    settings.CIVILDESK_EMBED_IN_BACKGROUND = True
    monkeypatch.setattr(Embedder, "passages", fake_passages)
    monkeypatch.setattr(Embedder, "query", fake_query)
    embedded.clear()
    node("a")
    upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks)  # lexical, then the vectors' job
    assert embedded
    assert search.get_index().pending() == []

    before = len(embedded)
    b = node("b")
    assert not b.exists()
    assert labels(staff_a, "lưu trữ vĩnh viễn")[0] == "Điều 2"
    index = search.get_index()
    assert index.generation == generations.newest().name
    assert index.pending() == []  # every vector came with the generation
    assert index._compile().vectors is not None
    assert len(embedded) == before  # nothing was embedded on node b


@pytest.mark.usefixtures("lexical_only")
def test_a_writer_starts_from_the_newest_generation(node, staff_a, units, django_capture_on_commit_callbacks):
    node("a")
    first = upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks).document
    node("b")  # never searched: its copy is empty
    second = upload(staff_a, units["a"], text=SECOND, name="second.txt", capture=django_capture_on_commit_callbacks)
    node("c")
    docs = {p.split(":")[0] for p in search.get_index().ids()}
    assert docs == {str(first.pk), str(second.document.pk)}


def passage(pid: str, text: str) -> Passage:
    return Passage(id=pid, doc_id=pid.split(":")[0], title=f"Văn bản {pid}", text=text)


@pytest.mark.usefixtures("lexical_only")
@pytest.mark.django_db(transaction=True)
def test_two_writers_on_two_nodes_serialise_and_keep_both_changes(node):
    started, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def write(name: str, pid: str, text: str, hold: bool = False) -> None:
        try:
            with search.writing() as index:
                index.upsert([passage(pid, text)])
                if hold:
                    started.set()
                    release.wait(10)
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    node("a")
    first = threading.Thread(target=write, args=("a", "1:1", "Hồ sơ lưu trữ vĩnh viễn."), kwargs={"hold": True})
    first.start()
    assert started.wait(10)
    node("b")  # the second writer starts while the first holds the lock
    second = threading.Thread(target=write, args=("b", "2:1", "Chứng thư số của cơ quan."))
    second.start()
    time.sleep(0.3)  # let it reach the lock (the outcome does not depend on it)
    release.set()
    first.join(20)
    second.join(20)
    assert not errors

    assert list(IndexGeneration.objects.values_list("number", flat=True)) == [2, 1]
    node("c")
    assert set(search.get_index().ids()) == {"1:1", "2:1"}


@pytest.mark.usefixtures("lexical_only")
def test_a_damaged_generation_is_logged_and_the_node_keeps_serving(
    node, staff_a, units, django_capture_on_commit_callbacks, caplog
):
    node("a")
    upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks)
    b = node("b")
    assert labels(staff_a, "lưu trữ vĩnh viễn")[0] == "Điều 2"
    served = store.current_name(b)

    node("a")
    upload(staff_a, units["a"], text=SECOND, name="second.txt", capture=django_capture_on_commit_callbacks)
    newest = generations.newest()
    damaged = f"{generations.PREFIX}/{newest.name}/passages.jsonl"
    default_storage.delete(damaged)
    default_storage.save(damaged, ContentFile(b'{"id": "forged"}\n'))

    node("b")
    with caplog.at_level(logging.ERROR, logger="civildesk.library.search"):
        assert labels(staff_a, "lưu trữ vĩnh viễn")[0] == "Điều 2"  # still the generation it had
    assert store.current_name(b) == served
    assert f"search index generation {newest.number}" in caplog.text
    assert "passages.jsonl is damaged" in caplog.text
    assert not list(b.glob(".fetch-*"))  # the half-fetched copy is gone

    # A writer on that node refuses to start from an older generation (it would lose changes) ...
    with pytest.raises(search.IndexUnavailable, match="library_reindex --from-scratch"), search.writing():
        pass
    # ... and the rebuild it names publishes a good one, which every node follows.
    call_command("library_reindex", from_scratch=True)
    node("c")
    assert labels(staff_a, "chứng thư số")[0] == "Điều 3"


@pytest.mark.usefixtures("lexical_only")
def test_a_missing_generation_is_logged_and_the_node_keeps_serving(
    node, staff_a, units, django_capture_on_commit_callbacks, caplog
):
    node("a")
    upload(staff_a, units["a"], capture=django_capture_on_commit_callbacks)
    newest = generations.newest()
    for file_name in default_storage.listdir(f"{generations.PREFIX}/{newest.name}")[1]:
        default_storage.delete(f"{generations.PREFIX}/{newest.name}/{file_name}")
    node("b")
    with caplog.at_level(logging.ERROR, logger="civildesk.library.search"):
        assert search.search(staff_a, "lưu trữ vĩnh viễn") == []
    assert "cannot be fetched" in caplog.text
    assert store.current_name(node("b")) is None


@pytest.mark.usefixtures("lexical_only")
def test_only_the_last_generations_stay_published(node, db):
    node("a")
    for i in range(generations.KEEP + 2):
        with search.writing() as index:
            index.upsert([passage(f"{i}:1", f"Văn bản số {i}.")])
    kept = list(IndexGeneration.objects.values_list("name", flat=True))
    assert len(kept) == generations.KEEP
    assert sorted(default_storage.listdir(generations.PREFIX)[0]) == sorted(kept)
    for name in kept:
        manifest = IndexGeneration.objects.get(name=name).manifest
        assert set(default_storage.listdir(f"{generations.PREFIX}/{name}")[1]) == set(manifest["files"])


@pytest.mark.usefixtures("lexical_only")
def test_an_index_of_an_older_format_is_rebuilt_with_a_message(node, staff_a, units, caplog, capsys):
    a = node("a")
    with search.writing() as index:
        index.upsert([passage("9:1", "Văn bản cũ.")])
    manifest = a / str(store.current_name(a)) / "manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "format": 0}))
    IndexGeneration.objects.all().delete()  # as before generations were published
    search._cached = None
    with caplog.at_level(logging.ERROR, logger="civildesk.library.search"):
        assert len(search.get_index()) == 0
    assert "library_reindex --from-scratch" in caplog.text

    call_command("library_reindex")
    assert "format 0" in capsys.readouterr().err
    search._cached = None
    assert len(search.get_index()) == 0  # rebuilt from the database, which holds no document
    assert generations.newest() is not None

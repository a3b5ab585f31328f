"""The embedding seam's configuration: plain values in, no environment read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from civildesk.retrieval import embed


@pytest.fixture
def restore_defaults():
    saved = embed._defaults
    yield
    embed._defaults = saved


def test_configure_sets_the_defaults_of_new_embedders(tmp_path, restore_defaults):
    embed.configure(cache_dir=tmp_path / "vectors", threads=3, query_threads=2)

    embedder = embed.Embedder()
    assert (embedder.cache_dir, embedder.threads, embedder.query_threads) == (tmp_path / "vectors", 3, 2)
    assert embed.default_cache_dir() == tmp_path / "vectors"


def test_configure_keeps_what_it_is_not_given(tmp_path, restore_defaults):
    before = embed.configure(threads=4)

    after = embed.configure(cache_dir=None, threads=0, query_threads=None)

    assert after == before
    assert after.threads == 4


def test_an_embedder_given_its_own_values_ignores_the_defaults(tmp_path, restore_defaults):
    embed.configure(cache_dir=tmp_path / "default", threads=3)

    embedder = embed.Embedder(tmp_path / "own", threads=1, query_threads=1)

    assert (embedder.cache_dir, embedder.threads, embedder.query_threads) == (tmp_path / "own", 1, 1)


def test_the_environment_is_not_read(tmp_path):
    code = (
        "import sys; from civildesk.retrieval import embed;"
        "sys.exit(str(embed.Embedder().cache_dir).startswith(sys.argv[1]) or 'django' in sys.modules)"
    )
    env = {"CIVILDESK_EMBEDDING_CACHE": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())}

    assert subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=env, check=False).returncode == 0

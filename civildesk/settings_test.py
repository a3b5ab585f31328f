"""Test override: fast password hashing, tasks run inline, files in a temp dir."""

import tempfile
from pathlib import Path

from .settings import *  # noqa: F403
from .settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
_TMP = Path(tempfile.mkdtemp(prefix="civildesk-test-"))
MEDIA_ROOT = _TMP / "files"
STORAGES = {**STORAGES, "default": {**STORAGES["default"], "OPTIONS": {"location": MEDIA_ROOT, "base_url": None}}}
CIVILDESK_TEST_TMP = _TMP

"""The file storage of uploaded documents: Django's file-system storage that leaves nothing behind.

Django's ``FileSystemStorage`` writes straight to the final path; when the
disk fills up (or a quota is hit) half-way, the half-written file stays. This
subclass removes it, so a failed upload leaves neither a row nor a file.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from django.core.files.storage import FileSystemStorage


class SafeFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        path = self.path(name)
        existed = os.path.exists(path)
        try:
            return super()._save(name, content)
        except OSError:
            if not existed:
                with contextlib.suppress(OSError):
                    os.remove(path)
            raise

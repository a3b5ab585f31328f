"""What the load bench reads of the processes it loads: their tree, CPU seconds and memory (Linux /proc)."""

from __future__ import annotations

import os
from pathlib import Path

CLOCK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        return f.read().rsplit(")", 1)[1].split()


def descendants(roots: list[int]) -> list[int]:
    """The processes and all their children (gunicorn's workers, haproxy, the RQ work horses)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                children.setdefault(int(_stat(int(entry))[1]), []).append(int(entry))
            except OSError:
                continue
    found, todo = [], list(roots)
    while todo:
        pid = todo.pop()
        if pid not in found and Path(f"/proc/{pid}").exists():
            found.append(pid)
            todo.extend(children.get(pid, []))
    return found


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    out = {}
    for pid in pids:
        try:
            fields = _stat(pid)
        except OSError:
            continue
        # utime + stime, and those of its children already reaped (RQ's work horse lives one job)
        out[pid] = sum(int(fields[i]) for i in (11, 12, 13, 14)) / CLOCK
    return out


def pss_mb(pids: list[int]) -> float:
    """Proportional set size of the processes (shared pages counted once between them), MiB."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024

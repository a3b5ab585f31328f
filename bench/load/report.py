"""The load bench's tables: one target's steps, or one node beside the cluster with their ratio."""

from __future__ import annotations

from mix import ms, table


def _cpu(r: dict[str, float]) -> str:
    return "+".join(f"{r[f'{role}_cpu'] * 1000:.0f}" for role in ("web", "jobs", "other", "db"))


def _cells(r: dict[str, float]) -> list[str]:
    """One step's figures as table cells: users first, then requests ... memory."""
    return [
        str(r["users"]),
        f"{r['requests']:.0f}",
        f"{r['ok_rps']:.1f}",
        ms(r["p50"]),
        ms(r["p95"]),
        ms(r["p99"]),
        f"{r['error_rate']:.2%}",
        f"{r['load']:.2f}",
        _cpu(r),
        f"{r['app_mb']:.0f}",
    ]


def side_by_side(one: list[dict[str, float]], cluster: list[dict[str, float]], nodes: int) -> str:
    header = ["users", "target", "requests", "req/s ok", "p50 ms", "p95 ms", "p99 ms", "errors", "load avg"]
    header += ["CPU ms/req web+jobs+other+db", "app MiB"]
    rows = []
    for a, b in zip(one, cluster, strict=False):
        for name, r in (("one node", a), (f"cluster ({nodes} nodes)", b)):
            cells = _cells(r)
            rows.append([cells[0], name, *cells[1:]])

        def ratio(key: str, a: dict[str, float] = a, b: dict[str, float] = b) -> str:
            return f"{b[key] / a[key]:.2f}" if a[key] and b[key] == b[key] and a[key] == a[key] else "—"

        rows.append(
            [
                str(a["users"]),
                "ratio cluster / one",
                "",
                ratio("ok_rps"),
                ratio("p50"),
                ratio("p95"),
                ratio("p99"),
                "",
                "",
                "",
                "",
            ]
        )
    return table(header, rows)


def single(title: str, results: list[dict[str, float]]) -> str:
    header = [
        "users",
        "requests",
        "req/s ok",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "errors",
        "load avg",
        "CPU ms/req web+jobs+other+db",
    ]
    header += ["app MiB"]
    rows = [_cells(r) for r in results]
    return f"{title}\n{table(header, rows)}"

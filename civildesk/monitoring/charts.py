"""Charts drawn on the server as SVG (no script, no CDN), readable without colour: every bar and point
carries its value as text, series differ by marker shape and line dash, "no data" is written out.
Plain Python; the page puts the data table beside each chart."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

INK = "#1b1b1b"
BAR = "#1f5f8b"
GRID = "#c8c8c8"
SHAPES = ("circle", "square", "triangle", "diamond", "cross")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2")


def _one(value: float) -> str:
    """One decimal, half up (as the page's tables round)."""
    from decimal import ROUND_HALF_UP, Decimal

    return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _svg(width: int, height: int, title: str, body: str, ident: str) -> str:
    """Presentation attributes only (no style attribute or element: the site's Content-Security-Policy refuses them)."""
    t = escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'data-width="{width}" data-height="{height}" role="img" aria-labelledby="{ident}-t" class="chart" '
        f'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="12" fill="{INK}">'
        f'<title id="{ident}-t">{t}</title>{body}</svg>'
    )


def bars(
    rows: Sequence[tuple[str, float | None]],
    *,
    title: str,
    no_data: str,
    maximum: float = 100.0,
    suffix: str = " %",
    ident: str = "bars",
    width: int = 640,
    decimal: str = ".",
) -> str:
    """Horizontal bars 0..maximum, one per row, with the value written after the bar
    (``decimal``: the reader's decimal separator, as the table beside the chart writes it)."""
    label_w, value_w, row_h = 230, 70, 26
    plot_w = width - label_w - value_w
    height = row_h * len(rows) + 24
    parts = []
    for tick in range(0, 101, 25):
        x = label_w + plot_w * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 20}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle">{tick * maximum / 100:g}</text>')
    for n, (label, value) in enumerate(rows):
        y = n * row_h + 4
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(short)}</text>')
        if value is None:
            parts.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{plot_w}" height="16" fill="none" stroke="{GRID}" stroke-dasharray="4 3"/>'
                f'<text x="{label_w + 6}" y="{y + 15}" font-style="italic">{escape(no_data)}</text>'
            )
            continue
        w = max(0.0, min(1.0, value / maximum)) * plot_w
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="16" fill="{BAR}"/>')
        parts.append(
            f'<text x="{label_w + w + 4:.1f}" y="{y + 15}">{_one(value).replace(".", decimal)}{escape(suffix)}</text>'
        )
    return _svg(width, height, title, "".join(parts), ident)


def _marker(shape: str, x: float, y: float) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{INK}"/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{INK}"/>'
    if shape == "triangle":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}" fill="{INK}"/>'
    if shape == "diamond":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}" fill="{INK}"/>'
    return (
        f'<path d="M{x - 4:.1f} {y - 4:.1f}L{x + 4:.1f} {y + 4:.1f}M{x - 4:.1f} {y + 4:.1f}L{x + 4:.1f} {y - 4:.1f}" '
        f'stroke="{INK}" stroke-width="2"/>'
    )


def lines(
    series: Sequence[tuple[str, Sequence[float | None]]],
    years: Sequence[int],
    *,
    title: str,
    maximum: float = 100.0,
    ident: str = "lines",
    width: int = 640,
    height: int = 260,
) -> str:
    """One line per series across ``years``; each series has its own marker and dash, named in the legend."""
    left, right, top, bottom = 44, 24, 12, 48 + 18 * ((len(series) + 1) // 2)
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = []
    for tick in range(0, 101, 25):
        y = top + plot_h * (1 - tick / 100)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick * maximum / 100:g}</text>')
    step = plot_w / max(1, len(years) - 1)
    xs = [left + (i * step if len(years) > 1 else plot_w / 2) for i in range(len(years))]
    for x, year in zip(xs, years, strict=True):
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{year}</text>')
    for n, (name, values) in enumerate(series):
        shape, dash = SHAPES[n % len(SHAPES)], DASHES[n % len(DASHES)]
        points = [
            (x, top + plot_h * (1 - max(0.0, min(1.0, v / maximum))), v)
            for x, v in zip(xs, values, strict=True)
            if v is not None
        ]
        if len(points) > 1:
            d = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(f'<polyline points="{d}" fill="none" stroke="{INK}" stroke-width="1.5"{dash_attr}/>')
        for x, y, _v in points:
            parts.append(_marker(shape, x, y))
        lx = left + (n % 2) * (plot_w / 2)
        ly = top + plot_h + 42 + 18 * (n // 2)
        parts.append(_marker(shape, lx + 6, ly - 4))
        short = name if len(name) <= 40 else name[:39] + "…"
        parts.append(f'<text x="{lx + 16:.1f}" y="{ly:.1f}">{escape(short)}</text>')
    return _svg(width, height, title, "".join(parts), ident)

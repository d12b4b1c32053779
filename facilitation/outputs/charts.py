"""Charts as inline SVG text: bars, the scale × driver matrix, the power/interest grid, a map.

Pure functions returning an ``<svg>`` string that works anywhere HTML does: in the
self-contained ``report.html`` (opens offline, no scripts, no external requests) and in
the review page's HTML widgets. Every piece of text passes through the one escaping helper.
Labels (titles, axis names) come in already translated.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Iterable, Mapping, Sequence

from facilitation.domain.escaping import esc
from facilitation.domain.geo import positions
from facilitation.domain.palette import (ACCENT, INK, MAP_BACKGROUND, MAP_GRID, MUTED, QUADRANT_COLOURS, RULE,
                                         SERIES_COLOURS)

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (the full text goes in a tooltip)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


def _svg(width: float, height: float, label: str, body: Iterable[str], chart: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="fk-svg fk-svg-{esc(chart)}" viewBox="0 0 {width:.0f} '
        f'{height:.0f}" width="100%" style="max-width:{width:.0f}px;height:auto" role="img" '
        f'aria-label="{esc(label)}" font-family="{esc(FONT)}"><title>{esc(label)}</title>'
        + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, *, size: int = 13, fill: str = INK, anchor: str = "start",
          weight: str = "normal", tooltip: str | None = None) -> str:
    tip = f"<title>{esc(tooltip)}</title>" if tooltip and tooltip != text else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" text-anchor="{anchor}" '
            f'font-weight="{weight}">{tip}{esc(text)}</text>')


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def bar_chart(rows: Sequence[tuple[str, float]], *, label: str, width: int = 640, color: str = ACCENT,
              value_text: Callable[[float], str] = _fmt, max_value: float | None = None,
              label_chars: int = 42, empty: str = "") -> str:
    """Horizontal bars, one per (label, value), in the order given."""
    if not rows:
        return _svg(width, 40, label, [_text(8, 25, empty, fill=MUTED)], "bar")
    row_h, top = 30, 8
    label_w = min(int(width * 0.45), 8 + 7 * label_chars)
    bar_w = width - label_w - 56
    top_value = max_value if max_value else max((v for _, v in rows), default=0) or 1
    body = []
    for i, (name, value) in enumerate(rows):
        y = top + i * row_h
        length = max(0.0, bar_w * (value / top_value)) if top_value else 0.0
        body.append(_text(label_w - 10, y + 19, clip(name, label_chars), anchor="end", tooltip=name))
        body.append(f'<rect x="{label_w}" y="{y + 5}" width="{length:.1f}" height="{row_h - 10}" rx="3" '
                    f'fill="{color}"><title>{esc(name)}: {esc(value_text(value))}</title></rect>')
        body.append(_text(label_w + length + 6, y + 19, value_text(value), fill=MUTED, weight="bold"))
    return _svg(width, top * 2 + row_h * len(rows), label, body, "bar")


def grouped_bar_chart(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *, label: str,
                      width: int = 640, label_chars: int = 30, empty: str = "") -> str:
    """Horizontal bars grouped per category, one colour per series, with a legend on top."""
    if not categories:
        return _svg(width, 40, label, [_text(8, 25, empty, fill=MUTED)], "grouped")
    bar_h, gap, legend_h = 14, 12, 28
    group_h = bar_h * len(series) + gap
    label_w = min(int(width * 0.38), 8 + 7 * label_chars)
    bar_w = width - label_w - 48
    top_value = max((v for _, values in series for v in values), default=0) or 1
    body = []
    x = 8.0
    for k, (name, _) in enumerate(series):
        color = SERIES_COLOURS[k % len(SERIES_COLOURS)]
        body.append(f'<rect x="{x:.1f}" y="8" width="12" height="12" rx="2" fill="{color}"/>')
        body.append(_text(x + 17, 19, name, size=12, fill=MUTED))
        x += 30 + 7.5 * len(name)
    for i, cat in enumerate(categories):
        y0 = legend_h + i * group_h
        body.append(_text(label_w - 10, y0 + group_h / 2 + 2, clip(cat, label_chars), anchor="end", tooltip=cat))
        for k, (name, values) in enumerate(series):
            value = values[i] if i < len(values) else 0
            y = y0 + k * bar_h
            length = bar_w * value / top_value
            color = SERIES_COLOURS[k % len(SERIES_COLOURS)]
            body.append(f'<rect x="{label_w}" y="{y + 1}" width="{length:.1f}" height="{bar_h - 2}" rx="2" '
                        f'fill="{color}"><title>{esc(cat)} · {esc(name)}: {esc(_fmt(value))}</title></rect>')
            body.append(_text(label_w + length + 5, y + bar_h - 3, _fmt(value), size=11, fill=MUTED))
    return _svg(width, legend_h + group_h * len(categories) + 4, label, body, "grouped")


def matrix_chart(cells: Mapping[tuple[str, str], Sequence[tuple[str, float]]], *,
                 rows: Sequence[tuple[str, str]], cols: Sequence[tuple[str, str]], label: str,
                 count_text: Callable[[int], str] = str, per_cell: int = 4, width: int = 640) -> str:
    """A grid of cells (e.g. scale × driver), each with its count and its top entries (title, votes).

    ``rows`` and ``cols`` are (key, label) pairs; labels should say the axis ("Large scale").
    """
    left, top, bottom = 34, 6, 28
    cell_w = (width - left - 10) / max(1, len(cols))
    cell_h = 44 + 20 * per_cell
    height = top + cell_h * len(rows) + bottom
    biggest = max((len(v) for v in cells.values()), default=0) or 1
    body = []
    for r, (rkey, rlabel) in enumerate(rows):
        y = top + r * cell_h
        body.append(f'<text x="18" y="{y + cell_h / 2:.1f}" font-size="13" fill="{MUTED}" text-anchor="middle" '
                    f'transform="rotate(-90 18 {y + cell_h / 2:.1f})">{esc(rlabel)}</text>')
        for c, (ckey, _clabel) in enumerate(cols):
            x = left + c * cell_w
            entries = list(cells.get((rkey, ckey), ()))
            shade = 0.06 + 0.30 * len(entries) / biggest
            body.append(f'<rect x="{x + 3:.1f}" y="{y + 3:.1f}" width="{cell_w - 6:.1f}" height="{cell_h - 6:.1f}" '
                        f'rx="8" fill="{ACCENT}" fill-opacity="{shade:.2f}" stroke="{RULE}"/>')
            body.append(_text(x + 16, y + 30, count_text(len(entries)), size=15, weight="bold"))
            chars = int((cell_w - 70) / 7)
            for k, (title, votes) in enumerate(entries[:per_cell]):
                ty = y + 54 + 20 * k
                body.append(_text(x + 16, ty, clip(title, chars), size=12, tooltip=title))
                body.append(_text(x + cell_w - 16, ty, _fmt(votes), size=12, fill=MUTED, anchor="end",
                                  weight="bold"))
            if len(entries) > per_cell:
                body.append(_text(x + 16, y + 54 + 20 * per_cell, f"+{len(entries) - per_cell}", size=12, fill=MUTED))
    for c, (_ckey, clabel) in enumerate(cols):
        body.append(_text(left + c * cell_w + cell_w / 2, top + cell_h * len(rows) + 18, clabel, anchor="middle",
                          fill=MUTED))
    return _svg(width, height, label, body, "matrix")


def grid_chart(points: Sequence[tuple[str, int, int, str]], *, quadrants: Mapping[str, str], x_title: str,
               y_title: str, label: str, width: int = 640, lo: int = 1, hi: int = 5, high_from: int = 4) -> str:
    """The power/interest grid: points (name, power, interest, colour); ``quadrants`` maps
    ``manage_closely``, ``keep_satisfied``, ``keep_informed``, ``monitor`` to their labels.

    Power runs up, interest to the right; ``high_from`` and above counts as high. Quadrant
    names sit in bands above and below the points so names never cover them.
    """
    left, right, top, bottom, band = 48, 12, 12, 44, 24
    span = hi - lo + 1
    cell_w = (width - left - right) / span
    cell_h = 66
    plot_w, plot_h = cell_w * span, cell_h * span + 2 * band
    height = top + plot_h + bottom

    def px(v: float) -> float:
        return left + (v - lo + 0.5) * cell_w

    def py(v: float) -> float:
        return top + band + (hi - v) * cell_h  # top edge of the cell row of value v

    mid_x = left + (high_from - lo) * cell_w
    mid_y = py(high_from) + cell_h
    boxes = {
        "keep_satisfied": (left, top, mid_x - left, mid_y - top, "start", top + 17),
        "manage_closely": (mid_x, top, left + plot_w - mid_x, mid_y - top, "end", top + 17),
        "monitor": (left, mid_y, mid_x - left, top + plot_h - mid_y, "start", top + plot_h - 8),
        "keep_informed": (mid_x, mid_y, left + plot_w - mid_x, top + plot_h - mid_y, "end", top + plot_h - 8),
    }
    body = []
    for key, (x, y, w, h, anchor, ty) in boxes.items():
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                    f'fill="{QUADRANT_COLOURS[key]}"/>')
        tx = x + 10 if anchor == "start" else x + w - 10
        body.append(_text(tx, ty, quadrants.get(key, key), size=12, fill=MUTED, weight="bold", anchor=anchor))
    body.append(f'<rect x="{left}" y="{top}" width="{plot_w:.1f}" height="{plot_h:.1f}" fill="none" '
                f'stroke="{RULE}"/>')
    for v in range(lo, hi + 1):
        body.append(_text(px(v), top + plot_h + 16, str(v), size=11, fill=MUTED, anchor="middle"))
        body.append(_text(left - 8, py(v) + cell_h / 2 + 4, str(v), size=11, fill=MUTED, anchor="end"))
    body.append(_text(left + plot_w / 2, height - 8, x_title, size=12, anchor="middle", weight="bold"))
    body.append(f'<text x="14" y="{top + plot_h / 2:.1f}" font-size="12" font-weight="bold" fill="{INK}" '
                f'text-anchor="middle" transform="rotate(-90 14 {top + plot_h / 2:.1f})">{esc(y_title)}</text>')
    seen: dict[tuple[int, int], int] = {}
    chars = max(6, int(cell_w / 6.3))
    for name, power, interest, color in points:
        k = seen.get((power, interest), 0)
        seen[(power, interest)] = k + 1
        x, y = px(interest), py(power) + cell_h / 2 - 10 + 30 * k
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6.5" fill="{color}" stroke="#fff" stroke-width="1.5">'
                    f'<title>{esc(name)}</title></circle>')
        body.append(_text(x, y + 19, clip(name, chars), size=11, anchor="middle", tooltip=name))
    return _svg(width, height, label, body, "grid")


def _nice_length(metres: float) -> float:
    for step in (10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000):
        if step >= metres:
            return step
    return 500_000


def map_chart(features: Sequence[tuple[Mapping[str, Any], str, str, str]], *, label: str, width: int = 640,
              height: int = 400, empty: str = "") -> str:
    """A tile-free map of drawn features: (geometry, badge text, colour, tooltip) each.

    An equirectangular projection around the features' centre (fine at city scale), with a
    numbered badge per feature (the legend lists them) and a scale bar.
    """
    points = [p for geom, *_ in features for p in positions(geom)]
    if not points:
        return _svg(width, 60, label, [_text(12, 35, empty, fill=MUTED)], "map")
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    lat0 = (min(lats) + max(lats)) / 2
    kx = math.cos(math.radians(lat0))
    span_x = max((max(lons) - min(lons)) * kx, 0.004)
    span_y = max(max(lats) - min(lats), 0.004)
    pad = 36
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    cx, cy = (min(lons) + max(lons)) / 2, lat0

    def proj(lon: float, lat: float) -> tuple[float, float]:
        return width / 2 + (lon - cx) * kx * scale, height / 2 - (lat - cy) * scale

    def path(ring: Sequence[Sequence[float]]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in (proj(p[0], p[1]) for p in ring))

    body = [f'<rect x="0" y="0" width="{width}" height="{height}" rx="8" fill="{MAP_BACKGROUND}"/>']
    for k in range(1, 8):
        x, y = width * k / 8, height * k / 8
        body.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="{MAP_GRID}"/>')
        body.append(f'<line x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="{MAP_GRID}"/>')
    badges = []
    for geom, badge, color, tooltip in features:
        gtype, coords = geom.get("type"), geom.get("coordinates")
        tip = f"<title>{esc(tooltip)}</title>"
        polygons = [coords] if gtype == "Polygon" else coords if gtype == "MultiPolygon" else []
        lines = [coords] if gtype == "LineString" else coords if gtype == "MultiLineString" else []
        points = [coords] if gtype == "Point" else coords if gtype == "MultiPoint" else []
        for poly in polygons:
            d = " ".join(f"M {path(ring)} Z" for ring in poly)
            body.append(f'<path d="{d}" fill="{color}" fill-opacity="0.28" stroke="{color}" stroke-width="2" '
                        f'fill-rule="evenodd">{tip}</path>')
        for line in lines:
            body.append(f'<polyline points="{path(line)}" fill="none" stroke="{color}" stroke-width="4" '
                        f'stroke-linecap="round" stroke-linejoin="round">{tip}</polyline>')
        for pt in points:
            x, y = proj(pt[0], pt[1])
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{color}" stroke="#fff" stroke-width="2">'
                        f'{tip}</circle>')
        own = positions(geom)
        bx, by = proj(sum(p[0] for p in own) / len(own), sum(p[1] for p in own) / len(own))
        badges.append(f'<g><circle cx="{bx:.1f}" cy="{by - 16:.1f}" r="10" fill="#fff" stroke="{color}" '
                      f'stroke-width="2"/>{_text(bx, by - 12, badge, size=11, anchor="middle", weight="bold")}</g>')
    metres_per_px = 111_320 / scale
    length = _nice_length(metres_per_px * width / 6)
    bar_px = length / metres_per_px
    text = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    body += badges
    body.append(f'<rect x="12" y="{height - 30}" width="{bar_px + 16 + 7 * len(text):.1f}" height="22" rx="4" '
                f'fill="#fff" fill-opacity="0.85"/>')
    body.append(f'<line x1="18" y1="{height - 14}" x2="{18 + bar_px:.1f}" y2="{height - 14}" stroke="{INK}" '
                f'stroke-width="3"/>')
    body.append(_text(24 + bar_px, height - 10, text, size=11))
    body.append(_text(width - 14, 22, "N ↑", size=12, anchor="end", weight="bold", fill=MUTED))
    return _svg(width, height, label, body, "map")

"""Pure helpers of the benchmark: percentiles, summaries, ratios, targets, the Markdown table."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence


def percentile(values: Iterable[float], p: float) -> float | None:
    """The ``p``-th percentile (0-100) with linear interpolation; None for no values."""
    data = sorted(float(v) for v in values)
    if not data:
        return None
    if not 0 <= p <= 100:
        raise ValueError("p must be within 0..100")
    rank = (len(data) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return data[low] + (data[high] - data[low]) * (rank - low)


def summary(values: Sequence[float]) -> dict[str, float | int | None]:
    """``n``, ``p50``, ``p95``, ``max`` of a sample (None where it is empty)."""
    return {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
            "max": max(values) if values else None}


def ratio(kit: float | None, plain: float | None) -> float | None:
    """kit / plain, or None when either is missing or plain is 0."""
    if kit is None or plain is None or plain == 0:
        return None
    return kit / plain


def dig(data: dict, path: str) -> Any:
    """``data["a"]["b"]`` for ``"a.b"``; None when any step is missing."""
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


@dataclass(frozen=True)
class Row:
    """One line of the results table: a figure of both runs and, maybe, its target."""

    label: str
    path: str                      # where the figure sits in a run's results (dotted)
    unit: str = ""
    target: str = ""               # e.g. "≤ 3 s"
    check: Callable[[float], bool] | None = None  # is the kit's figure on target?
    digits: int = 2


def fmt(value: Any, unit: str = "", digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value}{unit}"
    if isinstance(value, float):
        return f"{value:.{digits}f}{unit}"
    return f"{value}{unit}"


def table(rows: Sequence[Row], kit: dict, plain: dict) -> str:
    """The Markdown table: figure, kit, plain Voila, kit/plain, target, met."""
    lines = ["| Figure | Kit | Plain Voila | Kit / plain | Target | Met |",
             "|---|---:|---:|---:|---|:---:|"]
    for row in rows:
        k, p = dig(kit, row.path), dig(plain, row.path)
        r = ratio(k, p) if isinstance(k, (int, float)) and isinstance(p, (int, float)) else None
        met = ""
        if row.check is not None and isinstance(k, (int, float)):
            met = "yes" if row.check(k) else "**no**"
        elif row.check is not None:
            met = "–"
        lines.append(f"| {row.label} | {fmt(k, row.unit, row.digits)} | {fmt(p, row.unit, row.digits)} | "
                     f"{fmt(r, '×', 2) if r is not None else '–'} | {row.target} | {met} |")
    return "\n".join(lines)


def targets(rows: Sequence[Row], kit: dict) -> list[dict[str, Any]]:
    """Each targeted row with the kit's figure and whether it meets the target."""
    out = []
    for row in rows:
        if row.check is None:
            continue
        value = dig(kit, row.path)
        met = bool(row.check(value)) if isinstance(value, (int, float)) else None
        out.append({"figure": row.label, "target": row.target, "kit": value, "met": met})
    return out

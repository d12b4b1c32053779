"""Numbers as people read them on the scoring and feedback views."""

from __future__ import annotations


def number(value: float | None, digits: int, language: str) -> str:
    """A number for people: fixed digits, the language's decimal mark (``0,82`` in Polish)."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language == "pl" else text


def percent(share: float, language: str) -> str:
    return f"{round(share * 100):d}\u00a0%"


def scale_value(value: float, lo: int) -> str:
    """A scale value as participants saw it (signed when the scale has negative values)."""
    v = int(value)
    return f"{v:+d}".replace("-", "\u2212") if lo < 0 and v != 0 else str(v)

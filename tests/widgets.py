"""Helpers for widget tests without a browser: find widgets by their fk- class like a selector."""

from __future__ import annotations

import re


def walk(widget):
    """The widget and every widget below it."""
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from walk(child)


def find(root, css: str) -> list:
    """Widgets under ``root`` carrying the CSS class ``css`` (like a browser selector)."""
    return [w for w in walk(root) if css in getattr(w, "_dom_classes", ())]


def text(html: str) -> str:
    """The visible text of an HTML string, whitespace folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()

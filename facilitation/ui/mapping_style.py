"""The extra styles of the map, scenario and stakeholder views (``mapping.css`` next to this file).

The kit's ``theme.css`` styles every page; these rules add what only these three steps use.
Each of their views puts one :func:`stylesheet` widget in its root (harmless if repeated).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import ipywidgets as widgets

CSS_PATH = Path(__file__).with_name("mapping.css")


@lru_cache(maxsize=1)
def css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def stylesheet() -> widgets.HTML:
    """An invisible widget carrying the ``<style>`` of the map, scenario and stakeholder views."""
    sheet = widgets.HTML(value=f"<style>{css()}</style>")
    sheet.add_class("fk-style")
    return sheet

"""The extra styles of the map, scenario and stakeholder views (``mapping.css`` next to this file).

The kit's ``theme.css`` styles every page; these rules add what only these three steps use.
Each of their views puts one :func:`stylesheet` widget in its root (harmless if repeated).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import ipywidgets as widgets

from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc
from facilitation.domain.resources import resource

CSS_PATH = resource("css", "mapping.css")


@lru_cache(maxsize=1)
def css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def stylesheet() -> widgets.HTML:
    """An invisible widget carrying the ``<style>`` of the map, scenario and stakeholder views."""
    return theme.style_widget(css())


def set_visible(widget: widgets.Widget, visible: bool) -> None:
    """Show or hide a widget (``fk-hidden`` wins over the theme's ``display: … !important`` rules)."""
    hidden = "fk-hidden" in widget._dom_classes
    if visible and hidden:
        widget.remove_class("fk-hidden")
    elif not visible and not hidden:
        widget.add_class("fk-hidden")
    widget.layout.display = None if visible else "none"


# Small HTML builders: translated text goes in as an argument, never inside an f-string
# (the catalogue extractor does not look inside f-strings).
def title_html(text: str) -> str:
    """A panel's small uppercase title."""
    return f'<div class="fk-panel-title">{esc(text)}</div>'


def help_html(text: str) -> str:
    """A line of muted help text."""
    return f'<p class="fk-help">{esc(text)}</p>'

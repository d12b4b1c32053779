"""The settings editor of each step kind that has settings, for the agenda editor.

``EDITORS`` maps a step name to ``"module:Class"`` text (imported only when a person opens that kind's
settings, so the agenda editor loads no kind's code it does not show). Each class is built as
``Editor(t, settings: dict)``, has ``.root`` (a widget) and ``.value() -> dict`` (the settings as typed);
the store checks them (:mod:`facilitation.domain.step_settings`). Kinds without settings are not listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Any, Protocol

import ipywidgets as widgets

from facilitation.i18n import Translate

EDITORS: dict[str, str] = {
    "poll": "facilitation.ui.setup.poll_settings:Editor",
    "presentation": "facilitation.ui.setup.presentation_settings:Editor",
}


class SettingsEditor(Protocol):
    root: widgets.Widget

    def value(self) -> dict[str, Any]: ...


def has_editor(step: str) -> bool:
    return step in EDITORS


def build(step: str, t: Translate, settings: Mapping[str, Any] | None = None,
          **context: Any) -> SettingsEditor | None:
    """The settings editor of ``step`` showing ``settings`` (None for a kind without settings).

    ``context``: what the page knows beside the settings (``materials``: the workshop's materials as
    (title, id) pairs); an editor gets only the names its class lists in ``CONTEXT``.
    """
    target = EDITORS.get(step)
    if target is None:
        return None
    module, _, name = target.partition(":")
    editor = getattr(import_module(module), name)
    wanted = {k: v for k, v in context.items() if k in getattr(editor, "CONTEXT", ())}
    return editor(t, dict(settings or {}), **wanted)

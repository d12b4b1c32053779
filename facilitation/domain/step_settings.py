"""Which function checks a step kind's own settings (a poll's question, a speaker, a break's length).

``SETTINGS_CHECKS`` maps a step name to ``"module:function"`` text, resolved only when settings are
written (like the registry's ``view``), so this module imports none of the kinds. Each function is
``check_settings(raw: Mapping[str, Any]) -> dict[str, Any]`` and raises
:class:`~facilitation.domain.errors.InvalidValue` with a sentence. A kind that is not listed has no
settings: only an empty set is accepted for it. An empty set is always accepted: it is what a step
has before its settings are filled in (and what an older row has), and each kind reads it with defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

from facilitation.domain.agenda import check_settings as check_shape
from facilitation.domain.errors import InvalidValue

SETTINGS_CHECKS: dict[str, str] = {
    "poll": "facilitation.domain.polls:check_settings",
    "presentation": "facilitation.domain.questions:check_presentation_settings",
}


def checker(step: str) -> Callable[[Mapping[str, Any]], dict[str, Any]] | None:
    """The settings check of ``step`` (None for a kind without settings)."""
    target = SETTINGS_CHECKS.get(step)
    if target is None:
        return None
    module, _, name = target.partition(":")
    return getattr(import_module(module), name)


def has_settings(step: str) -> bool:
    return step in SETTINGS_CHECKS


def check_step_settings(step: str, raw: Any) -> dict[str, Any]:
    """``raw`` checked as the settings of a ``step`` kind: a bounded JSON object its kind accepts."""
    settings = check_shape(raw)
    if not settings:
        return {}
    check = checker(step)
    if check is None:
        raise InvalidValue("step settings", "this kind of step has no settings.")
    return check_shape(check(settings))

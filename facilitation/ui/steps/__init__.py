"""Which view renders each workshop step, imported only when that step is opened.

Lazy imports keep the participant's kernel light: the map step pulls in ipyleaflet and the
stakeholder grid bqplot only when the facilitator opens those steps.

Every view class is built as ``View(ctx, role=...)`` with ``role`` one of ``participant``,
``facilitator`` or ``presenter``; it exposes ``root`` (a widget whose class list holds
``fk-view-STEP`` for participants), ``refresh(topics)``, ``close()`` and, optionally,
``tick(now)``, called about once a second by every page with the timezone-aware UTC time
(see :class:`facilitation.ui.kit.base.StepView`). ``TOPICS`` lists the store topics that make
each step re-render.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from facilitation.domain.steps import REGISTRY

VIEWS: dict[str, str] = {step.name: step.view for step in REGISTRY}
TOPICS: dict[str, set[str]] = {step.name: set(step.topics) for step in REGISTRY}


def view_class(step: str) -> Any:
    """The view class for ``step`` (imported now, not before)."""
    module_name, _, attr = VIEWS[step].partition(":")
    return getattr(import_module(module_name), attr)

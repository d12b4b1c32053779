"""Which view renders each workshop step, imported only when that step is opened.

Lazy imports keep the participant's kernel light: the map step pulls in ipyleaflet and the
stakeholder grid bqplot only when the facilitator opens those steps.

Every view class is built as ``View(ctx, role=...)`` with ``role`` one of ``participant``,
``facilitator`` or ``presenter``; it exposes ``root`` (a widget whose class list holds
``fk-view-STEP`` for participants), ``refresh(topics)`` and ``close()``
(see :class:`facilitation.ui.base.StepView`). ``TOPICS`` lists the store topics that make
each step re-render.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

VIEWS: dict[str, str] = {
    "waiting": "facilitation.ui.waiting:WaitingView",
    "challenge": "facilitation.ui.challenge:ChallengeView",
    "brainstorm": "facilitation.ui.brainstorm:BrainstormView",
    "vote": "facilitation.ui.vote:VoteView",
    "scenarios": "facilitation.ui.scenarios:ScenariosView",
    "stakeholders": "facilitation.ui.stakeholders:StakeholdersView",
    "scoring": "facilitation.ui.scoring:ScoringView",
    "feedback": "facilitation.ui.feedback:FeedbackView",
    "closed": "facilitation.ui.waiting:ClosedView",
}

TOPICS: dict[str, set[str]] = {
    "waiting": {"workshop", "participants"},
    "challenge": {"challenge", "map", "ideas"},  # ideas: those pinned to the map
    "brainstorm": {"ideas", "votes", "workshop"},
    "vote": {"ideas", "votes", "workshop"},
    "scenarios": {"scenarios", "ideas", "votes"},
    "stakeholders": {"stakeholders", "scenarios"},
    "scoring": {"scores", "criteria", "scenarios", "ideas", "workshop"},
    "feedback": {"feedback"},
    "closed": {"workshop"},
}


def view_class(step: str) -> Any:
    """The view class for ``step`` (imported now, not before)."""
    module_name, _, attr = VIEWS[step].partition(":")
    return getattr(import_module(module_name), attr)

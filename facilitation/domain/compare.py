"""Comparing alternative scenarios: their ideas, scale × driver mix and the votes they carry.

Pure: takes records, returns summaries (no store, no widgets). A scenario keeps the
idea numbers its author picked; an idea merged later points to the idea it was merged
into, so :func:`summarise` follows ``merged_into`` and counts every idea once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from facilitation.domain.records import DRIVERS, SCALES, Idea, Scenario


@dataclass(frozen=True)
class ScenarioSummary:
    """What a comparison shows about one scenario."""

    scenario: Scenario
    ideas: tuple[Idea, ...]
    missing: tuple[int, ...] = ()
    mix: Mapping[tuple[str, str], int] = field(default_factory=dict)

    @property
    def votes(self) -> int:
        """Votes on the scenario's ideas (each idea counted once; round 2: those carried from round 1 too)."""
        return sum(i.total_votes for i in self.ideas)

    @property
    def carried_votes(self) -> int:
        """The part of :attr:`votes` carried from the previous round."""
        return sum(i.carried_votes for i in self.ideas)

    @property
    def idea_ids(self) -> tuple[int, ...]:
        return tuple(int(i.id) for i in self.ideas)


def resolve(idea_id: int, by_id: Mapping[int, Idea]) -> Idea | None:
    """The idea standing for ``idea_id`` now (following merges), or None if it is gone."""
    seen: set[int] = set()
    current = by_id.get(idea_id)
    while current is not None and current.merged_into is not None and current.id not in seen:
        seen.add(int(current.id))
        current = by_id.get(current.merged_into)
    return current


def empty_mix() -> dict[tuple[str, str], int]:
    return {(s, d): 0 for s in SCALES for d in DRIVERS}


def summarise(scenario: Scenario, ideas: Iterable[Idea], *, include_hidden: bool = True) -> ScenarioSummary:
    """The ideas a scenario bundles (merges followed, duplicates dropped) and their mix.

    ``ideas`` should include merged ideas (to follow them). With ``include_hidden`` False,
    ideas the facilitator hid are left out (what participants may see).
    """
    by_id = {int(i.id): i for i in ideas if i.id is not None}
    chosen: list[Idea] = []
    missing: list[int] = []
    seen: set[int] = set()
    for idea_id in scenario.idea_ids:
        idea = resolve(int(idea_id), by_id)
        if idea is None:
            missing.append(int(idea_id))
            continue
        if idea.hidden and not include_hidden:
            continue
        if int(idea.id) in seen:
            continue
        seen.add(int(idea.id))
        chosen.append(idea)
    mix = empty_mix()
    for idea in chosen:
        mix[(idea.scale, idea.driver)] += 1
    return ScenarioSummary(scenario=scenario, ideas=tuple(chosen), missing=tuple(missing), mix=mix)


def shared_ideas(summaries: Sequence[ScenarioSummary]) -> set[int]:
    """Ideas that appear in more than one scenario (what the alternatives have in common)."""
    counts: dict[int, int] = {}
    for summary in summaries:
        for idea_id in summary.idea_ids:
            counts[idea_id] = counts.get(idea_id, 0) + 1
    return {i for i, n in counts.items() if n > 1}


def dominant(mix: Mapping[tuple[str, str], int]) -> tuple[str, str] | None:
    """The scale × driver cell holding most ideas (None when empty or tied)."""
    if not mix:
        return None
    best = max(mix.values())
    if best == 0:
        return None
    top = [cell for cell, n in mix.items() if n == best]
    return top[0] if len(top) == 1 else None

"""Breakout groups inside one workshop: the records, the read filter and how people are dealt out.

Pure (no I/O). The store (:mod:`facilitation.store.groups`) keeps the groups and who is in
which; this module decides how a room is split and how a group is named on a page.

Split modes:

- ``random``: shuffled, then dealt round-robin (group sizes differ by at most one);
- ``balanced``: deterministic; people sorted by organisation (then city, then joining order)
  and dealt round-robin, so colleagues of one organisation land in different groups;
- ``by_city``: one group per city the participants gave; people without a city are added to
  the smallest groups afterwards.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Mapping, Sequence, Union

from facilitation.domain.errors import InvalidValue
from facilitation.domain.steps import N_, PICK_STEPS  # noqa: F401 (PICK_STEPS: read from here too)

SPLIT_MODES = ("random", "balanced", "by_city")
SPLIT_LABELS: Mapping[str, str] = {
    "random": N_("At random"),
    "balanced": N_("Balanced (mix organisations)"),
    "by_city": N_("By city"),
}
GROUP_N = N_("Group {n}")  # how a group without a name shows
MIN_GROUPS = 2
MAX_GROUPS = 20
MAX_GROUP_NAME = 60
MAX_GROUP_CITY = 80
# PICK_STEPS (imported above, from the registry's ``pick_group``): where picking one's group makes sense,
# before the group's work is voted on (never on closed or feedback).

# A read filter: ALL_GROUPS = every item; an int = that group's items plus the whole room's
# (items written before there were groups); None = only the whole room's items.
ALL_GROUPS = "all"
GroupFilter = Union[int, None, str]


@dataclass(frozen=True)
class Group:
    """One breakout group; it may carry its own challenge (a city's) with its own map centre."""

    id: int
    workshop_id: int
    number: int
    name: str = ""
    city: str = ""
    challenge_title: str = ""
    challenge_text: str = ""
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None
    created_at: datetime | None = None

    @property
    def has_challenge(self) -> bool:
        return bool(self.challenge_title)


@dataclass(frozen=True)
class SplitPerson:
    """What a split needs to know about one participant."""

    id: int
    organisation: str = ""
    city: str = ""


@dataclass(frozen=True)
class TopIdea:
    id: int
    title: str
    votes: int


@dataclass(frozen=True)
class GroupSummary:
    """One group as the console and the plenary show it."""

    group: Group
    label: str
    members: tuple[str, ...]
    member_ids: tuple[int, ...]
    ideas: int
    votes: int
    stakeholders: int
    scores: int
    last_activity: datetime | None
    top_ideas: tuple[TopIdea, ...]


@dataclass(frozen=True)
class GroupSetup:
    """The groups of a workshop now: sizes by group id, plenary and picking switches, people in no group."""

    groups: tuple[Group, ...]
    sizes: Mapping[int, int]
    plenary: bool
    picking: bool
    unassigned: int


def group_label(group: Group, translate: Callable[[str], str] = str) -> str:
    """The group's name, else "Group N" (``translate`` is the page's ``t``; exports keep English)."""
    return group.name or translate(GROUP_N).format(n=group.number)


def fold_city(city: str) -> str:
    """A city name compared case- and space-insensitively."""
    return " ".join(city.split()).casefold()


def check_count(count: object) -> int:
    if isinstance(count, bool) or not isinstance(count, int) or not MIN_GROUPS <= count <= MAX_GROUPS:
        raise InvalidValue("number of groups", "must be a whole number from {min_groups} to {max_groups}.", min_groups=MIN_GROUPS, max_groups=MAX_GROUPS)
    return count


def cities(people: Sequence[SplitPerson]) -> list[str]:
    """The distinct cities people gave, in the order they first appear (as first written)."""
    seen: dict[str, str] = {}
    for p in people:
        if p.city.strip() and fold_city(p.city) not in seen:
            seen[fold_city(p.city)] = " ".join(p.city.split())
    return list(seen.values())


def _round_robin(ids: Sequence[int], count: int) -> list[list[int]]:
    out: list[list[int]] = [[] for _ in range(count)]
    for n, pid in enumerate(ids):
        out[n % count].append(pid)
    return out


def deal(people: Sequence[SplitPerson], count: int, how: str, seed: int | None = None) -> list[list[int]]:
    """Participant ids per group (``count`` groups; for ``by_city`` one per city of :func:`cities`)."""
    if how not in SPLIT_MODES:
        raise InvalidValue("how to split", "must be one of {split_modes}.", split_modes=', '.join(SPLIT_MODES))
    if how == "by_city":
        names = cities(people)
        if not names:
            raise InvalidValue("how to split", "nobody has given a city yet; split at random or ask for cities.")
        index = {fold_city(c): n for n, c in enumerate(names)}
        out: list[list[int]] = [[] for _ in names]
        homeless = []
        for p in people:
            if p.city.strip():
                out[index[fold_city(p.city)]].append(p.id)
            else:
                homeless.append(p.id)
        for pid in homeless:
            min(out, key=len).append(pid)
        return out
    count = check_count(count)
    if how == "random":
        ids = [p.id for p in people]
        random.Random(seed).shuffle(ids)
        return _round_robin(ids, count)
    order = sorted(enumerate(people), key=lambda np: (np[1].organisation.casefold(), fold_city(np[1].city), np[0]))
    return _round_robin([p.id for _n, p in order], count)

"""One group on the console (``fk-group-card``): its name, city, members and activity, with the
controls to rename it, give it a city, move a member to another group, issue its group
facilitator's link and remove it. The card only calls back; the Groups panel
(:mod:`.groups`) asks the store, which checks the page's key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Sequence

import ipywidgets as widgets

from facilitation.domain.groups import GroupSummary
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc

NO_GROUP = 0  # the move target "not in a group" (group ids start at 1)


@dataclass(frozen=True)
class CardState:
    """Everything a card shows: the summary, who can be moved where, the link issued on this page."""

    summary: GroupSummary
    members: tuple[tuple[str, int], ...]  # (shown name, participant id) of its members
    targets: tuple[tuple[str, int], ...]  # (label, group id) of the other groups, NO_GROUP last
    links: tuple[tuple[str, str], ...] = ()  # (what it is, link) issued on this page: shown once, here
    now: datetime | None = None


def ago_text(t: Translate, when: datetime | None, now: datetime | None) -> str:
    if when is None or now is None:
        return t("no activity yet")
    minutes = max(0, round((now - when).total_seconds() / 60))
    return t("active just now") if minutes < 1 else t("last active {n} min ago").format(n=minutes)


def card_html(t: Translate, state: CardState) -> str:
    """The card's text: name and city, counts and last activity, the members, the issued link."""
    s = state.summary
    city = f'<span class="fk-chip fk-chip-accent">{esc(s.group.city)}</span>' if s.group.city else ""
    chips = [theme.chip(t.ngettext("{n} person", "{n} people", len(s.members)).format(n=len(s.members)), "primary"),
             theme.chip(t.ngettext("{n} idea", "{n} ideas", s.ideas).format(n=s.ideas)),
             theme.chip(t.ngettext("{n} vote", "{n} votes", s.votes).format(n=s.votes))]
    if s.stakeholders:
        chips.append(theme.chip(t.ngettext("{n} stakeholder", "{n} stakeholders", s.stakeholders).format(n=s.stakeholders)))
    activity = esc(ago_text(t, s.last_activity, state.now))
    names = "".join(f"<li>{esc(name)}</li>" for name in s.members)
    nobody, label = t("Nobody in this group yet."), t("Challenge")
    members = f'<ul class="fk-group-members">{names}</ul>' if names else f'<p class="fk-help">{esc(nobody)}</p>'
    challenge = (f'<p class="fk-group-card-challenge">{esc(label)}: {esc(s.group.challenge_title)}</p>'
                 if s.group.has_challenge else "")
    shown_once = t("Copy it now, it is shown only on this page:")
    link = "".join(f'<p class="fk-help">{esc(what)}. {esc(shown_once)}</p><a class="fk-group-lead-url" '
                   f'href="{esc(url)}" target="_blank" rel="noopener">{esc(url)}</a>' for what, url in state.links)
    return (f'<div class="fk-group-card-head"><span class="fk-group-card-title">{esc(s.label)}</span>{city}</div>'
            f'{challenge}<div class="fk-chips">{"".join(chips)}</div><div class="fk-group-activity">{activity}</div>'
            f'{members}{link}')


class GroupCard(widgets.VBox):
    """A group's card; :meth:`update` shows a new state without rebuilding it (typed names survive)."""

    def __init__(self, t: Translate, state: CardState, *, on_rename: Callable[[int, object, object], None],
                 on_move: Callable[[object, object], None], on_link: Callable[[int, str], None],
                 on_remove: Callable[[int], None]) -> None:
        self.t = t
        self.group_id = state.summary.group.id
        self.info = theme.html(classes=["fk-group-card-info"])
        self.name = theme.text(t("Name"), placeholder=t("e.g. Mobility"), classes=["fk-group-rename-name"])
        self.city = theme.text(t("City (optional)"), classes=["fk-group-city"])
        self.rename_button = theme.button(t("Save"), small=True, classes=["fk-group-rename"])
        self.rename_button.on_click(lambda _b: on_rename(self.group_id, self.name.value, self.city.value))
        self.member = theme.dropdown(t("Move"), [], classes=["fk-group-member"])
        self.target = theme.dropdown(t("to"), [], classes=["fk-group-target"])
        self.move_button = theme.button(t("Move"), small=True, classes=["fk-group-move"],
                                        tooltip=t("Move this person to the chosen group now"))
        self.move_button.on_click(lambda _b: on_move(self.member.value, self.target.value))
        self.link_button = theme.button(t("Group facilitator link"), kind="ghost", small=True,
                                        classes=["fk-group-lead-link"],
                                        tooltip=t("A link that opens the console for this group only"))
        self.link_button.on_click(lambda _b: on_link(self.group_id, "group-facilitator"))
        self.city_link_button = theme.button(t("City homework link"), kind="ghost", small=True,
                                             classes=["fk-group-city-link"],
                                             tooltip=t("A link for the city's representative to write this group's "
                                                       "challenge and map"))
        self.city_link_button.on_click(lambda _b: on_link(self.group_id, "city"))
        self.remove_button = theme.button(t("Remove group"), kind="ghost", small=True, classes=["fk-group-remove"],
                                          tooltip=t("Its members go to the smallest other group; its work stays"))
        self.remove_button.on_click(lambda _b: on_remove(self.group_id))
        self._stored: tuple[str, str] | None = None
        self.move_row = theme.box([self.member, self.target, self.move_button], classes=["fk-group-move-row"],
                                  horizontal=True)
        edit = theme.box([self.name, self.city, self.rename_button], classes=["fk-group-edit-row"], horizontal=True)
        tools = theme.box([self.link_button, self.city_link_button, self.remove_button], classes=["fk-actions"],
                          horizontal=True)
        super().__init__([self.info, self.move_row, edit, tools],
                         _dom_classes=("fk-card", "fk-group-card", f"fk-group-id-{self.group_id}"))
        self.update(state)

    def update(self, state: CardState) -> None:
        s = state.summary
        self.info.value = card_html(self.t, state)
        stored = (s.group.name, s.group.city)
        if stored != self._stored:  # only what the store changed replaces what is typed
            self.name.value, self.city.value = stored
            self._stored = stored
        set_options(self.member, state.members)
        set_options(self.target, state.targets)
        theme.show(self.move_row, bool(state.members))


def unassigned_html(t: Translate, names: Sequence[str]) -> str:
    heading = t("Not in a group")
    listed = "".join(f"<li>{esc(n)}</li>" for n in names)
    return (f'<div class="fk-group-card-head"><span class="fk-group-card-title">{esc(heading)}</span>'
            f'{theme.chip(str(len(names)), "warn")}</div><ul class="fk-group-members">{listed}</ul>')


def set_options(dropdown: widgets.Dropdown, options: Sequence[tuple[str, int]]) -> None:
    options = list(options)
    if list(dropdown.options) != options:
        keep = dropdown.value
        dropdown.options = options
        values = [v for _, v in options]
        dropdown.value = keep if keep in values else (values[0] if values else None)


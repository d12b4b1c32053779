"""The participant's group on their page: the chip (``fk-group-name``), the group's own challenge
(``fk-group-challenge``) and, while the facilitator lets people pick, the picker (``fk-group-pick``
with ``fk-group-choose``) on the steps where picking makes sense (:data:`PICK_STEPS`: waiting and the
group's work before the vote; never on feedback or closed).

Everything is read from the store; a choice goes through ``store.choose_group`` with the page's
device token, which refuses it unless picking is on (the refusal shows in the picker's notice).
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.groups import ALL_GROUPS, PICK_STEPS, Group, GroupFilter, GroupSetup, group_label
from facilitation.domain.errors import InvalidValue
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded


def city_suffix(group: Group, label: str) -> str:
    """" · City" after a group's name, or '' when it has no city or is named after it ("Kościerzyna" once)."""
    if not group.city or group.city.strip().casefold() == label.strip().casefold():
        return ""
    return f" · {group.city}"


class GroupBadge:
    """The group parts of a participant page; :meth:`render` after joining and on ``groups``/``workshop``."""

    def __init__(self, ctx: Context, *, after: Callable[[], None]) -> None:
        self.ctx, self.t, self.after = ctx, ctx.t, after
        t = self.t
        self.scope: GroupFilter = ALL_GROUPS
        self.group: Group | None = None
        self.step: str | None = None  # the step the page shows (see :meth:`follow`)
        self.setup: GroupSetup | None = None
        self.chip = theme.html(classes=["fk-group-name", "fk-hidden"])
        self.challenge = theme.html(classes=["fk-group-challenge", "fk-hidden"])
        # The picker is built the first time picking is on: the join state stays small (test_capacity).
        self.pick: widgets.Dropdown | None = None
        self.choose_button: widgets.Button | None = None
        self.notice: Notice | None = None
        self.picker: widgets.Widget | None = None
        self.root = theme.box([self.challenge], classes=["fk-group-area"])

    def _build_picker(self) -> widgets.Widget:
        t = self.t
        self.pick = theme.dropdown(t("Your group"), [], classes=["fk-group-pick"])
        self.choose_button = theme.button(t("Join this group"), kind="primary", classes=["fk-group-choose"])
        self.choose_button.on_click(lambda _b: self.choose())
        self.notice = Notice(self.t)  # the picker's own message; the page's one fk-notice stays the step's
        self.notice.remove_class("fk-notice")
        self.notice.add_class("fk-group-notice")
        heading, why = t("Choose your group"), t("The facilitator lets you pick the group you work with.")
        self.picker = theme.panel([
            theme.html(f'<div class="fk-panel-title">{esc(heading)}</div><p class="fk-help">{esc(why)}</p>'),
            theme.row([self.pick, self.choose_button], classes=["fk-group-pick-row"]), self.notice],
            classes=["fk-group-picker"])
        self.root.children = (self.picker, self.challenge)
        return self.picker

    def clear(self) -> None:
        """Not joined (yet): nothing about groups shows."""
        for widget in (self.chip, self.challenge, self.picker):
            if widget is not None:
                theme.show(widget, False)

    def render(self) -> bool:
        """Show the participant's group as stored now; True when what their page should show changed."""
        wid, pid = self.ctx.workshop.id, self.ctx.participant_id
        setup = store.group_setup(self.ctx.db, wid)
        self.group = store.group_of(self.ctx.db, wid, pid) if setup.groups and pid is not None else None
        self._chip(setup)
        self._challenge()
        self.setup = setup
        self._picker(setup)
        scope = store.wall_group(self.ctx.db, wid, pid)
        changed, self.scope = scope != self.scope, scope
        return changed

    def _chip(self, setup: GroupSetup) -> None:
        t = self.t
        if not setup.groups:
            theme.show(self.chip, False)
            return
        hint = t("The group you work with")
        if self.group is None:
            inner = esc(t("Not in a group yet"))
        else:
            label = group_label(self.group, t)
            yours = t("Your group")
            inner = f'{esc(yours)}&nbsp;<b>{esc(label)}</b>{esc(city_suffix(self.group, label))}'
        plenary = theme.chip(t("Plenary: all groups together"), "warn") if setup.plenary else ""
        self.chip.value = f'<span class="fk-chip fk-chip-accent" title="{esc(hint)}">{inner}</span>{plenary}'
        theme.show(self.chip, True)

    def _challenge(self) -> None:
        group = self.group
        if group is None or not group.has_challenge:
            theme.show(self.challenge, False)
            return
        heading = self.t("Your group's challenge")
        where = f'<span class="fk-chip">{esc(group.city)}</span>' if group.city else ""
        text = "".join(f"<p>{esc(p)}</p>" for p in group.challenge_text.split("\n") if p.strip())
        self.challenge.value = (f'<div class="fk-group-challenge-box"><div class="fk-group-challenge-kicker">'
                                f'{esc(heading)} {where}</div><h3 class="fk-group-challenge-title">'
                                f'{esc(group.challenge_title)}</h3>{text}</div>')
        theme.show(self.challenge, True)

    def follow(self, step: str | None) -> None:
        """The page now shows ``step``: the picker shows only where picking makes sense."""
        self.step = step
        if self.setup is not None and self.ctx.participant_id is not None:
            self._picker(self.setup)

    def _picker(self, setup: GroupSetup) -> None:
        t = self.t
        picking = setup.picking and bool(setup.groups) and self.step in PICK_STEPS
        if not picking:
            if self.picker is not None:
                theme.show(self.picker, False)
            return
        theme.show(self.picker or self._build_picker(), True)
        assert self.pick is not None and self.choose_button is not None
        options = []
        for g in setup.groups:
            n = setup.sizes.get(g.id, 0)
            size = t.ngettext("{n} person", "{n} people", n).format(n=n)
            label = group_label(g, t)
            options.append((f"{label}{city_suffix(g, label)} ({size})", g.id))
        if list(self.pick.options) != options:
            self.pick.options = options
        ids = [value for _, value in options]
        if self.group is not None and self.group.id in ids:
            self.pick.value = self.group.id
        elif self.pick.value not in ids and ids:  # never an empty box on a phone: the first group, to change
            self.pick.value = ids[0]
        self.choose_button.description = t("Move to this group") if self.group is not None else t("Join this group")

    def choose(self) -> bool:
        """Join the group chosen in ``fk-group-pick`` (the store checks that picking is on)."""
        t = self.t

        if self.pick is None or self.notice is None:  # picking was never on for this page
            return False

        def action() -> str:
            value = self.pick.value
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidValue(t("Your group"), t("please choose a group from the list."))
            group = store.choose_group(self.ctx.db, self.ctx.code, self.ctx.token, value)
            return t("You are now in {group}.").format(group=group_label(group, t))

        ok = guarded(self.notice, action)
        self.after()
        return ok

"""The console's "Groups" tab: split the room, see every group at work, move people, the plenary.

``fk-group-count`` (how many groups) with ``fk-group-mode`` (at random, balanced, by city) and
``fk-group-split``; ``fk-group-add`` adds one group; ``fk-group-picking`` lets participants
pick their group; ``fk-group-plenary`` brings the room together (everyone sees every group's
work and may vote across groups). One ``fk-group-card`` per group (:mod:`.groups_card`), a card
of who is in no group (``fk-group-unassigned``), the plenary board (``fk-plenary``) and one
editor for a group's own challenge (``fk-group-challenge-*``).

Every control calls the store with the page's key and shows its answer in ``fk-notice``;
a forged value (a group of another workshop, a count out of range) is refused there.
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from facilitation import store
from facilitation.domain import links as pages
from facilitation.domain.errors import InvalidValue
from facilitation.domain.roles import ROLE_LABELS
from facilitation.domain.groups import MAX_GROUPS, MIN_GROUPS, SPLIT_LABELS, SPLIT_MODES, GroupSummary, group_label
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, esc, guarded
from facilitation.ui.kit.wall import CardWall
from facilitation.ui.pages.console.clock import Clock, utc_now
from facilitation.ui.pages.console.groups_card import NO_GROUP, CardState, GroupCard, set_options, unassigned_html
from facilitation.ui.steps.groups.compare import PlenaryBoard

TOPICS = frozenset({"groups", "participants", "ideas", "votes", "stakeholders", "scores", "workshop", "challenge"})


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class GroupsPanel:
    """The Groups tab (``fk-console-groups``); renders while open (:meth:`open`), re-reads on its topics."""

    def __init__(self, ctx: Context, *, after: Callable[[], None], now: Clock = utc_now) -> None:
        self.ctx, self.t, self.after, self.now = ctx, ctx.t, after, now
        self.notice = Notice(self.t)
        t = self.t
        self.visible = False
        self.links: dict[int, dict[str, str]] = {}  # group id -> role -> the link issued on this page
        self._syncing = False
        self.count = widgets.BoundedIntText(value=2, min=MIN_GROUPS, max=MAX_GROUPS, description=t("Groups"),
                                            _dom_classes=("fk-field", "fk-group-count"))
        self.mode = theme.dropdown(t("How"), [(t(SPLIT_LABELS[m]), m) for m in SPLIT_MODES], value="random",
                                   classes=["fk-group-mode"])
        self.split_button = theme.button(t("Split into groups"), kind="primary", classes=["fk-group-split"],
                                         tooltip=t("Deal everyone who has joined into this many groups"))
        self.split_button.on_click(lambda _b: self.split())
        self.add_button = theme.button(t("Add a group"), classes=["fk-group-add"])
        self.add_button.on_click(lambda _b: self.add())
        self.picking = widgets.Checkbox(value=False, description=t("Let participants pick their group"), indent=False)
        theme.add_classes(self.picking, ["fk-check", "fk-group-picking"])
        self.picking.observe(lambda c: self._switch(self.set_picking, c), names="value")
        self.plenary = widgets.ToggleButton(value=False, description=t("Plenary: bring the room together"),
                                            tooltip=t("Everyone sees every group's work and may vote across groups"),
                                            layout=widgets.Layout(width="auto"),
                                            _dom_classes=("fk-btn", "fk-btn-secondary", "fk-group-plenary"))
        self.plenary.observe(lambda c: self._switch(self.set_plenary, c), names="value")
        self.state = theme.html(classes=["fk-group-state"])
        self.cards: CardWall[int, CardState] = CardWall(
            self._make_card, lambda card, state: card.update(state), key=lambda s: s.summary.group.id,
            empty_html=theme.empty_html(t("No groups yet"), t(
                "Choose how many groups and split the room: everyone who has joined is dealt into them."),
                icon="people"), classes=["fk-group-cards"])
        self.unassigned_text = theme.html()
        self.unassigned_member = theme.dropdown(t("Move"), [], classes=["fk-group-member"])
        self.unassigned_target = theme.dropdown(t("to"), [], classes=["fk-group-target"])
        place = theme.button(t("Move"), small=True, classes=["fk-group-move"])
        place.on_click(lambda _b: self.move(self.unassigned_member.value, self.unassigned_target.value))
        self.unassigned = theme.box([self.unassigned_text, theme.box(
            [self.unassigned_member, self.unassigned_target, place], classes=["fk-group-move-row"], horizontal=True)],
            classes=["fk-card", "fk-group-unassigned", "fk-hidden"])
        self.board = PlenaryBoard(ctx)
        self.challenge = self._challenge_editor()
        heading = t("Breakout groups")
        why = t("Each group works the same step on its own wall, votes and grid. Move people at any time; "
                "their page follows at once.")
        head = theme.html(f'<div class="fk-panel-title">{esc(heading)}</div><p class="fk-help">{esc(why)}</p>')
        split = theme.box([self.count, self.mode, self.split_button, self.add_button], classes=["fk-group-split-row"],
                          horizontal=True)
        switches = theme.box([self.plenary, self.picking, self.state], classes=["fk-group-switches"], horizontal=True)
        setup = theme.panel([head, split, switches, self.notice], classes=["fk-group-setup"])
        self.root = theme.box([setup, self.board.root, self.cards.box, self.unassigned, self.challenge],
                              classes=["fk-col", "fk-console-groups"])

    # --- showing ----------------------------------------------------------------------------

    def open(self) -> None:
        self.visible = True
        self.refresh(None)

    def hide(self) -> None:
        self.visible = False

    def refresh(self, topics: set[str] | None) -> None:
        """Re-read the groups (only while the tab shows; :meth:`open` reads everything again)."""
        if not self.visible or (topics is not None and not set(topics) & TOPICS):
            return
        t, db, code, key = self.t, self.ctx.db, self.ctx.code, self.ctx.key
        setup = store.group_setup(db, self.ctx.workshop.id)
        summaries = store.group_summaries(db, code, key, translate=t)
        members = store.group_members(db, code, key)
        self._syncing = True
        try:
            self.plenary.value, self.picking.value = setup.plenary, setup.picking
        finally:
            self._syncing = False
        if setup.plenary:
            self.plenary.add_class("fk-btn-primary")
        else:
            self.plenary.remove_class("fk-btn-primary")
        if setup.groups and self.count.value != len(setup.groups) and MIN_GROUPS <= len(setup.groups) <= MAX_GROUPS:
            self.count.value = len(setup.groups)
        self.state.value = self._state_html(setup.plenary, setup.picking, bool(setup.groups))
        labels = [(s.label, s.group.id) for s in summaries]
        now = self.now()
        self.cards.render([self._state(s, members, labels, now) for s in summaries])
        nobody = members.get(None, [])
        theme.show(self.unassigned, bool(nobody) and bool(summaries))
        self.unassigned_text.value = unassigned_html(t, [p.shown_name for p in nobody]) if nobody else ""
        set_options(self.unassigned_member, [(p.shown_name, p.participant_id) for p in nobody])
        set_options(self.unassigned_target, labels)
        self.board.refresh(None)
        self._fill_challenge_pick(summaries)

    def _state(self, s: GroupSummary, members: dict, labels: list[tuple[str, int]], now) -> CardState:  # noqa: ANN001
        mine = tuple((p.shown_name, p.participant_id) for p in members.get(s.group.id, []))
        others = [(label, gid) for label, gid in labels if gid != s.group.id]
        return CardState(summary=s, members=mine, targets=tuple(others) + ((self.t("Not in a group"), NO_GROUP),),
                         links=tuple((self.t(ROLE_LABELS[role]), url) for role, url in self.links.get(s.group.id, {}).items()),
                         now=now)

    def _state_html(self, plenary: bool, picking: bool, any_groups: bool) -> str:
        t = self.t
        if not any_groups:
            return ""
        chips = [theme.chip(t("Plenary is on"), "warn") if plenary else theme.chip(t("Groups work apart"), "accent")]
        if picking:
            chips.append(theme.chip(t("Participants may pick"), "primary"))
        return f'<div class="fk-chips">{"".join(chips)}</div>'

    def _make_card(self, state: CardState) -> GroupCard:
        return GroupCard(self.t, state, on_rename=self.rename, on_move=self.move, on_link=self.issue_link,
                         on_remove=self.remove)

    # --- actions (the store checks each with the page's key) ---------------------------------

    def _act(self, action: Callable[[], str | None]) -> bool:
        ok = guarded(self.notice, action)
        self.after()  # the console re-reads the store: this tab, the plenary board, the step
        return ok

    def split(self) -> bool:
        """Deal everyone who joined into ``fk-group-count`` groups, the way ``fk-group-mode`` says."""
        t = self.t

        def action() -> str:
            count = _int(self.count.value)
            if count is None:
                raise InvalidValue(t("Groups"), t("please give a number of groups."))
            groups = store.split_into_groups(self.ctx.db, self.ctx.code, self.ctx.key, count, str(self.mode.value))
            return t.ngettext("The room is split into {n} group.", "The room is split into {n} groups.", len(groups)).format(n=len(groups))

        return self._act(action)

    def add(self) -> bool:
        t = self.t

        def action() -> str:
            group = store.create_group(self.ctx.db, self.ctx.code, self.ctx.key)
            return t("{group} added.").format(group=group_label(group, t))

        return self._act(action)

    def rename(self, group_id: int, name: object, city: object) -> bool:
        t = self.t

        def action() -> str:
            group = store.rename_group(self.ctx.db, self.ctx.code, self.ctx.key, group_id,
                                       name=str(name or ""), city=str(city or ""))
            return t("{group} saved.").format(group=group_label(group, t))

        return self._act(action)

    def move(self, participant_id: object, target: object) -> bool:
        """Move a participant to ``target`` (a group id, or NO_GROUP); the store checks both ids."""
        t = self.t

        def action() -> str:
            pid, gid = _int(participant_id), _int(target)
            if pid is None or gid is None:
                raise InvalidValue(t("Move"), t("choose a person and a group."))
            store.move_participant(self.ctx.db, self.ctx.code, self.ctx.key, pid, None if gid == NO_GROUP else gid)
            return t("Moved: their page shows the new group now.")

        return self._act(action)

    def remove(self, group_id: int) -> bool:
        t = self.t

        def action() -> str:
            store.remove_group(self.ctx.db, self.ctx.code, self.ctx.key, group_id)
            self.links.pop(group_id, None)
            return t("Group removed; its members moved to the smallest group and its work stays in the data.")

        return self._act(action)

    def issue_link(self, group_id: int, role: str = "group-facilitator") -> bool:
        """A link bound to this group (shown once, on this page): its facilitator's console, or the
        homework page where a city's representative writes the group's challenge (role ``city``)."""
        t = self.t

        def action() -> str:
            from facilitation.ui.kit.links import base_url

            group = store.get_group(self.ctx.db, group_id)
            issued = store.issue_role_key(self.ctx.db, self.ctx.code, self.ctx.key, role, group_label(group, t),
                                          group_id=group_id)
            url = pages.role_link(base_url(), issued.role, self.ctx.code, issued.key)
            self.links.setdefault(group_id, {})[issued.role] = url
            return t("Link created for {group}: copy it now.").format(group=group_label(group, t))

        return self._act(action)

    def set_picking(self, on: bool) -> str:
        store.set_group_picking(self.ctx.db, self.ctx.code, self.ctx.key, on)
        return self.t("Participants may pick their group.") if on else self.t("You assign the groups.")

    def set_plenary(self, on: bool) -> str:
        store.set_plenary(self.ctx.db, self.ctx.code, self.ctx.key, on)
        return (self.t("Plenary: everyone sees all groups and may vote across groups.") if on
                else self.t("Back in groups: each group sees its own work."))

    def _switch(self, setter: Callable[[bool], str], change: dict) -> None:
        if not self._syncing:
            self._act(lambda: setter(change["new"]))

    # --- a group's own challenge ----------------------------------------------------------------

    def _challenge_editor(self) -> widgets.VBox:
        t = self.t
        self.ch_pick = theme.dropdown(t("Group"), [], classes=["fk-group-challenge-pick"])
        self.ch_title = theme.text(t("Challenge title"), classes=["fk-group-challenge-title-input"])
        self.ch_text = theme.textarea(t("Challenge description"), classes=["fk-group-challenge-text"])
        self.ch_save = theme.button(t("Save the group's challenge"), small=True, classes=["fk-group-challenge-save"])
        self.ch_save.on_click(lambda _b: self.save_challenge())
        self.ch_pick.observe(lambda _c: self._load_challenge(), names="value")
        heading = t("A challenge per group")
        why = t("When groups work on different cities' challenges, each group's members see their own.")
        head = theme.html(f'<div class="fk-panel-title">{esc(heading)}</div><p class="fk-help">{esc(why)}</p>')
        return theme.panel([head, self.ch_pick, self.ch_title, self.ch_text, self.ch_save],
                           classes=["fk-form", "fk-group-challenge-editor", "fk-hidden"])

    def _fill_challenge_pick(self, summaries: list[GroupSummary]) -> None:
        theme.show(self.challenge, bool(summaries))
        options = [(s.label, s.group.id) for s in summaries]
        if list(self.ch_pick.options) != options:
            keep = self.ch_pick.value
            self.ch_pick.options = options
            ids = [gid for _, gid in options]
            self.ch_pick.value = keep if keep in ids else (ids[0] if ids else None)
            self._load_challenge()

    def _load_challenge(self) -> None:
        gid = _int(self.ch_pick.value)
        group = next((g for g in store.list_groups(self.ctx.db, self.ctx.workshop.id) if g.id == gid), None)
        self.ch_title.value = group.challenge_title if group else ""
        self.ch_text.value = group.challenge_text if group else ""

    def save_challenge(self) -> bool:
        t = self.t

        def action() -> str:
            gid = _int(self.ch_pick.value)
            if gid is None:
                raise InvalidValue(t("Group"), t("choose a group."))
            group = store.save_group_challenge(self.ctx.db, self.ctx.code, self.ctx.key, gid,
                                               title=str(self.ch_title.value or ""), text=str(self.ch_text.value or ""))
            return t("The challenge of {group} is saved.").format(group=group_label(group, t))

        return self._act(action)

    def close(self) -> None:
        theme.close_tree(self.root)
        self.cards.close()

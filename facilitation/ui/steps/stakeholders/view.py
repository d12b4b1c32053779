"""The stakeholder step's view for one role (see :mod:`facilitation.ui.steps.stakeholders`)."""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain import mendelow
from facilitation.domain.errors import InvalidValue, NotAllowed
from facilitation.domain.records import Scenario, Stakeholder
from facilitation.domain.steps import BY_NAME, ROLES
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, guarded
from facilitation.ui.kit.markup import help_html, title_html
from facilitation.ui.kit.moderation import MergeBar
from facilitation.ui.kit.wall import CardWall
from facilitation.ui.steps.groups import view_scope
from facilitation.ui.steps.stakeholders.card import StakeholderCard
from facilitation.ui.steps.stakeholders.form import StakeholderForm
from facilitation.ui.steps.stakeholders.grid import StakeholderGrid
from facilitation.ui.steps.stakeholders.labels import quadrant_label
from facilitation.ui.steps.stakeholders.markup import advice_html, legend_html, mismatches_html

TOPICS = set(BY_NAME["stakeholders"].topics)  # the registry's, said once there


class StakeholdersView:
    """The stakeholder step for one role (see the package docstring)."""

    step = "stakeholders"

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        self.ctx, self.role, self.t = ctx, role, ctx.t
        self.workshop = ctx.workshop
        self.scope = view_scope(ctx, role, self.workshop.id)  # a group's grid or the whole room's (issue 14)
        self.notice = Notice(self.t)
        self.stakeholders: list[Stakeholder] = []
        self.scenarios: list[Scenario] = []
        self.editing: int | None = None
        self.form: StakeholderForm | None = None
        self.merging: MergeBar | None = None
        big = role == "presenter"
        self.grid = StakeholderGrid(self.t, height="640px" if big else "480px", on_move=self.move, big=big)
        self.wall: CardWall[int, Stakeholder] = CardWall(
            self._make_card, self._update_card, key=lambda s: int(s.id),
            empty_html=theme.empty_html(*self._empty_text(), icon="people"), classes=["fk-stakeholder-cards"])
        self.advice = theme.html(classes=["fk-quadrant-advice-box"])
        self.mismatches = theme.html(classes=["fk-stakeholder-mismatches"])
        self.summary = theme.html(classes=["fk-stakeholder-summary"])
        self.root = self._build()
        theme.add_classes(self.root, ["fk-view", f"fk-view-{self.step}", f"fk-role-view-{role}"])
        self.refresh(set(TOPICS))

    # --- building -----------------------------------------------------------------------

    def _empty_text(self) -> tuple[str, str]:
        t = self.t
        if self.role == "participant":
            return t("No stakeholders yet"), t("Add the first one with the form.")
        return t("No stakeholders yet"), t("Stakeholders appear here as participants add them.")

    def _grid_panel(self) -> widgets.VBox:
        t = self.t
        head = theme.html(title_html(t("Power and interest")))
        help_text = ""
        if self.role == "participant":
            help_text = t("Drag your own dots to move them, or use Edit on your card; everyone sees the change.")
        elif self.role == "facilitator":
            help_text = t("Drag any dot to move it; everyone sees the change.")
        parts: list[widgets.Widget] = [theme.add_classes(widgets.HBox([head, self.summary]), ["fk-board-head"]),
                                       self.grid.figure, theme.html(legend_html(t))]
        if help_text:
            parts.append(theme.html(help_html(help_text)))
        return theme.panel(parts, classes=["fk-stakeholder-grid"])

    def _build(self) -> widgets.VBox:
        t = self.t
        advice = theme.panel([self.advice], classes=["fk-advice-panel"])
        checks = theme.panel([self.mismatches], classes=["fk-mismatch-panel"])
        if self.role == "presenter":
            side = theme.add_classes(widgets.VBox([advice, checks]), ["fk-col"])
            body = theme.add_classes(widgets.HBox([self._grid_panel(), side]),
                                     ["fk-stakeholder-layout", "fk-stakeholder-layout-wide"])
            return widgets.VBox([body])
        below = theme.add_classes(widgets.HBox([advice, checks]), ["fk-advice-row"])
        list_title = t("Everyone's stakeholders")
        cards = theme.panel([theme.html(title_html(list_title)), self.wall.box], classes=["fk-stakeholder-list"])
        self.form = StakeholderForm(t, role=self.role, notice=self.notice, on_add=self.add, on_save=self.save_edit,
                                    on_cancel=self.stop_editing)
        if self.role == "participant":
            body = theme.add_classes(widgets.HBox([self.form.root, self._grid_panel()]), ["fk-stakeholder-layout"])
            return widgets.VBox([body, below, cards])
        # The facilitator edits (the form shows only then) and moderates; participants add.
        self.merging = MergeBar(t, self.notice, on_merge=self.merge, prefix="fk-stakeholder-")
        return widgets.VBox([self.notice, self.form.root, self.merging.root, self._grid_panel(), below, cards])

    # --- cards --------------------------------------------------------------------------

    def _mine(self, st: Stakeholder) -> bool:
        return self.role == "participant" and st.author_id is not None and st.author_id == self.ctx.participant_id

    def _can_edit(self, st: Stakeholder) -> bool:
        return self.role == "facilitator" or self._mine(st)

    def _scenario_name(self, st: Stakeholder) -> str:
        return next((s.name for s in self.scenarios if s.id == st.scenario_id), "") if st.scenario_id else ""

    def _make_card(self, st: Stakeholder) -> StakeholderCard:
        return StakeholderCard(self.t, st, can_edit=self._can_edit(st), moderation=self.role == "facilitator",
                               on_edit=self.start_editing, on_hide=self.hide, on_merge=self.open_merge)

    def _update_card(self, card: StakeholderCard, st: Stakeholder) -> None:
        card.update(st, mine=self._mine(st), can_edit=self._can_edit(st) and self.role != "presenter",
                    scenario=self._scenario_name(st))

    # --- reading ------------------------------------------------------------------------

    def _visible(self) -> list[Stakeholder]:
        everyone = store.list_stakeholders(self.ctx.db, self.workshop.id, include_merged=self.role == "facilitator",
                                           group_id=self.scope)
        if self.role == "facilitator":
            return [s for s in everyone if s.merged_into is None]  # hidden ones stay, flagged
        return everyone

    def refresh(self, topics: set[str]) -> None:
        """Re-read the store; redraw the grid, the cards, the advice and the mismatch list."""
        topics = set(topics) & TOPICS
        if not topics:
            return
        if "scenarios" in topics:
            self.scenarios = store.list_scenarios(self.ctx.db, self.workshop.id)
            if self.form is not None:
                self.form.show_scenarios(self.scenarios)
        self.stakeholders = self._visible()
        shown = [s for s in self.stakeholders if not s.hidden]
        self.grid.show(shown, lambda st: self._can_edit(st) and self.role != "presenter")
        self.wall.render(self.stakeholders)
        self.advice.value = advice_html(self.t, shown)
        self.mismatches.value = mismatches_html(self.t, shown)
        n = len(shown)
        text = self.t.ngettext("{n} stakeholder", "{n} stakeholders", n).format(n=n)
        self.summary.value = title_html(text)
        if self.editing is not None and self.editing not in {int(s.id) for s in shown}:
            self.stop_editing()
        if self.merging is not None:
            self.merging.offer([(int(s.id), s.name) for s in self.stakeholders])

    # --- participant: add ---------------------------------------------------------------

    def add(self) -> bool:
        """Put the stakeholder in the form on the shared grid; the text stays on a problem."""
        t = self.t

        def action() -> str:
            values = self.form.values()
            if not self.ctx.token:
                raise NotAllowed(t("Please join the workshop first."))
            st = store.add_stakeholder(self.ctx.db, self.ctx.code, self.ctx.token, **values)
            return t("“{name}” is on the grid.").format(name=st.name)

        ok = guarded(self.notice, action)
        if ok:
            self.form.name.value = ""
        self.refresh({"stakeholders"})
        return ok

    # --- author or facilitator: move and edit -------------------------------------------

    def _who(self) -> dict[str, str | None]:
        return {"key": self.ctx.key} if self.role == "facilitator" else {"token": self.ctx.token}

    def move(self, stakeholder_id: int, power: int, interest: int) -> bool:
        """A dot was dropped on the grid: the store decides whether this page may move it."""
        t = self.t

        def action() -> str:
            st = store.move_stakeholder(self.ctx.db, self.ctx.code, stakeholder_id, power=power, interest=interest,
                                        **self._who())
            q = quadrant_label(t, mendelow.quadrant(st.power, st.interest))
            return t("“{name}” moved to power {p}, interest {i} ({quadrant}).").format(
                name=st.name, p=st.power, i=st.interest, quadrant=q.lower())

        ok = guarded(self.notice, action)
        self.refresh({"stakeholders"})  # a refused move snaps back
        return ok

    def start_editing(self, stakeholder_id: int) -> None:
        st = next((s for s in self.stakeholders if int(s.id) == stakeholder_id), None)
        if st is None or not self._can_edit(st) or self.form is None:
            self.notice.error(self.t("Only the person who added this stakeholder, or the facilitator, can change it."))
            return
        self.editing = stakeholder_id
        self.form.fill(st)
        self.form.show_mode(editing=True)

    def stop_editing(self) -> None:
        self.editing = None
        if self.form is None:  # the presenter has no form
            return
        self.form.clear()
        self.form.show_mode(editing=False)

    def save_edit(self) -> bool:
        t = self.t

        def action() -> str:
            if self.editing is None:
                raise InvalidValue(t("Stakeholder"), t("press Edit on a stakeholder first."))
            st = store.update_stakeholder(self.ctx.db, self.ctx.code, self.editing, **self.form.values(),
                                          **self._who())
            return t("“{name}” is updated.").format(name=st.name)

        ok = guarded(self.notice, action)
        if ok:
            self.stop_editing()
        self.refresh({"stakeholders"})
        return ok

    # --- facilitator: hide and merge -----------------------------------------------------

    def hide(self, stakeholder_id: int, hidden: bool = True) -> bool:
        t = self.t

        def action() -> str:
            store.set_stakeholder_hidden(self.ctx.db, self.ctx.code, self.ctx.key, stakeholder_id, hidden)
            return t("The stakeholder is hidden from the grid.") if hidden else t("The stakeholder is back on the grid.")

        ok = guarded(self.notice, action)
        self.refresh({"stakeholders"})
        return ok

    def merge(self, duplicate_id: int, keep_id: int | None) -> bool:
        t = self.t

        def action() -> str:
            if keep_id is None:
                raise InvalidValue(t("merge"), t("choose the stakeholder to keep."))
            kept = store.merge_stakeholders(self.ctx.db, self.ctx.code, self.ctx.key, keep_id, duplicate_id)
            return t("Merged into “{name}”.").format(name=kept.name)

        ok = guarded(self.notice, action)
        if ok and self.merging is not None:
            self.merging.close()
        self.refresh({"stakeholders"})
        return ok

    def open_merge(self, stakeholder_id: int) -> None:
        """A card's *Merge…*: the bar for this duplicate (other pages ask the store, which refuses)."""
        if self.merging is None:
            self.merge(stakeholder_id, None)
            return
        self.merging.open(stakeholder_id, next((s.name for s in self.stakeholders if s.id == stakeholder_id), ""))

    def close(self) -> None:
        # The view before its parts (nothing open lists a closed widget); the presenter shows no notice.
        theme.close_tree(self.root, self.notice)
        self.wall.close()
        self.grid.close()

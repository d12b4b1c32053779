"""One stakeholder in the list (``fk-stakeholder-card``), with Edit and the facilitator's moderation."""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from facilitation.domain import mendelow
from facilitation.domain.records import Stakeholder
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.steps.stakeholders.markup import stakeholder_card_html


class StakeholderCard(widgets.VBox):
    """One stakeholder (``fk-stakeholder-card``) with Edit (author/facilitator) and moderation buttons."""

    def __init__(self, t: Translate, st: Stakeholder, *, can_edit: bool, moderation: bool,
                 on_edit: Callable[[int], None], on_hide: Callable[[int, bool], None],
                 on_merge: Callable[[int], None]) -> None:
        super().__init__()
        self.t, self.stakeholder_id, self.hidden = t, int(st.id), st.hidden
        self.body = widgets.HTML()
        self.edit_button = theme.button(t("Edit"), small=True, classes=["fk-stakeholder-edit"])
        self.edit_button.on_click(lambda _b: on_edit(self.stakeholder_id))
        actions: list[widgets.Widget] = [self.edit_button]
        self.hide_button = self.merge_button = None
        if moderation:
            self.hide_button = theme.button(t("Hide"), kind="danger", small=True, classes=["fk-stakeholder-hide"])
            self.merge_button = theme.button(t("Merge…"), small=True, classes=["fk-stakeholder-merge"],
                                             tooltip=t("Merge this duplicate into another stakeholder"))
            self.hide_button.on_click(lambda _b: on_hide(self.stakeholder_id, not self.hidden))
            self.merge_button.on_click(lambda _b: on_merge(self.stakeholder_id))
            actions += [self.hide_button, self.merge_button]
        self.actions = theme.add_classes(widgets.HBox(actions), ["fk-actions"])
        self.children = [self.body, self.actions]
        theme.add_classes(self, ["fk-card", "fk-stakeholder-card", f"fk-stakeholder-id-{self.stakeholder_id}"])
        self._classes: list[str] = []
        self.can_edit = can_edit

    def update(self, st: Stakeholder, *, mine: bool, can_edit: bool, scenario: str = "") -> None:
        self.hidden = st.hidden
        self.body.value = stakeholder_card_html(self.t, st, mine=mine, scenario=scenario)
        wanted = [f"fk-cat-{st.category}"] + (["fk-card-mine"] if mine else []) + (
            ["fk-stakeholder-mismatched"] if mendelow.mismatch(st.power, st.interest, st.level) else [])
        for name in set(self._classes) - set(wanted):
            self.remove_class(name)
        for name in set(wanted) - set(self._classes):
            self.add_class(name)
        self._classes = wanted
        theme.set_visible(self.edit_button, can_edit)
        if self.hide_button is not None:
            self.hide_button.description = self.t("Show again") if st.hidden else self.t("Hide")
        theme.set_visible(self.actions, can_edit or self.hide_button is not None)

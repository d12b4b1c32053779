"""The stakeholder form: participants add a stakeholder; its author or the facilitator edits one.

A component: it holds the fields and shows the form's mode; its buttons call ``on_add()``,
``on_save()`` and ``on_cancel()``, and the step's view asks the store.
"""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as widgets

from facilitation.domain import mendelow
from facilitation.domain.errors import InvalidValue
from facilitation.domain.records import CATEGORIES, LEVELS, MAX_TITLE, Scenario, Stakeholder
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Notice, esc
from facilitation.ui.steps.stakeholders.labels import category_label, level_label, mismatch_text, quadrant_advice, \
    quadrant_label

ALL_SCENARIOS = 0


class StakeholderForm:
    """``fk-stakeholder-form``: name, category, power, interest, IAP2 level, scenario and a live preview."""

    def __init__(self, t: Translate, *, role: str, notice: Notice, on_add: Callable[[], Any],
                 on_save: Callable[[], Any], on_cancel: Callable[[], Any]) -> None:
        self.t, self.role = t, role
        self.head = theme.html(classes=["fk-stakeholder-form-head"])
        self.name = theme.field(widgets.Text(description=t("Stakeholder"), placeholder=t(
            "e.g. Regional water utility")), classes=["fk-stakeholder-name"])
        self.category = theme.field(widgets.Dropdown(options=[(category_label(t, c), c) for c in CATEGORIES],
                                                     value="public", description=t("Category")),
                                    classes=["fk-stakeholder-category"])
        scale = [(str(n), n) for n in mendelow.SCALE]
        self.power = theme.field(widgets.Dropdown(options=scale, value=3, description=t("Power (1 low – 5 high)")),
                                 classes=["fk-stakeholder-power"])
        self.interest = theme.field(widgets.Dropdown(options=scale, value=3,
                                                     description=t("Interest (1 low – 5 high)")),
                                    classes=["fk-stakeholder-interest"])
        self.level = theme.field(widgets.Dropdown(options=[(level_label(t, lv), lv) for lv in LEVELS], value="inform",
                                                  description=t("Engagement (IAP2)")), classes=["fk-stakeholder-level"])
        self.scenario = theme.field(widgets.Dropdown(options=[(t("All scenarios"), ALL_SCENARIOS)],
                                                     value=ALL_SCENARIOS, description=t("Matters for")),
                                    classes=["fk-stakeholder-scenario"])
        self.preview = theme.html(classes=["fk-stakeholder-preview"])
        for w in (self.power, self.interest, self.level):
            w.observe(lambda _c: self.show_preview(), names="value")
        self.add_button = theme.button(t("Add stakeholder"), kind="primary", wide=True, classes=["fk-stakeholder-add"])
        self.add_button.on_click(lambda _b: on_add())
        self.save_button = theme.button(t("Save changes"), kind="primary", classes=["fk-stakeholder-save"])
        self.save_button.on_click(lambda _b: on_save())
        self.cancel_button = theme.button(t("Cancel"), kind="ghost", classes=["fk-stakeholder-cancel"])
        self.cancel_button.on_click(lambda _b: on_cancel())
        self.edit_actions = theme.add_classes(widgets.HBox([self.save_button, self.cancel_button]), ["fk-actions"])
        children = [self.head, self.name, self.category, theme.row([self.power, self.interest]), self.level,
                    self.scenario, self.preview, self.add_button, self.edit_actions]
        if role == "participant":
            children.insert(7, notice)
        self.root = theme.panel(children, classes=["fk-form", "fk-stakeholder-form"])
        self.show_mode(editing=False)

    def show_mode(self, *, editing: bool) -> None:
        """Adding (participants; the facilitator's form is hidden then) or editing one stakeholder."""
        t = self.t
        title = t("Edit stakeholder") if editing else t("Add a stakeholder")
        lead = (t("Change what you entered; the grid updates for everyone.") if editing else
                t("Who must be consulted or involved? Power: how much they can shape the outcome. "
                  "Interest: how much they care about it."))
        self.head.value = f'<div class="fk-panel-title">{esc(title)}</div><p class="fk-help">{esc(lead)}</p>'
        theme.set_visible(self.add_button, not editing and self.role == "participant")
        theme.set_visible(self.edit_actions, editing)
        if self.role == "facilitator":
            theme.set_visible(self.root, editing)
        self.show_preview()

    def show_preview(self) -> None:
        """The quadrant the chosen power and interest give, its advice, and whether the level fits."""
        t = self.t
        quadrant = mendelow.quadrant(self.power.value, self.interest.value)
        m = mendelow.mismatch(self.power.value, self.interest.value, self.level.value)
        text = f'<b>{esc(quadrant_label(t, quadrant))}</b> · {esc(quadrant_advice(t, quadrant))}'
        warn = f'<div class="fk-stakeholder-mismatch">{esc(mismatch_text(t, m))}</div>' if m else ""
        self.preview.value = f'<p class="fk-help">{text}</p>{warn}'

    def show_scenarios(self, scenarios: list[Scenario]) -> None:
        """Offer the workshop's scenarios ("matters for"); hidden while there are none."""
        options = [(self.t("All scenarios"), ALL_SCENARIOS)] + [(s.name[:60], int(s.id)) for s in scenarios]
        if list(self.scenario.options) != options:
            current = self.scenario.value
            self.scenario.options = options
            self.scenario.value = current if current in [v for _, v in options] else ALL_SCENARIOS
        theme.set_visible(self.scenario, bool(scenarios))

    def fill(self, st: Stakeholder) -> None:
        """Put a stakeholder in the fields, to edit it."""
        self.name.value, self.category.value = st.name, st.category
        self.power.value, self.interest.value, self.level.value = st.power, st.interest, st.level
        if st.scenario_id in [v for _, v in self.scenario.options]:
            self.scenario.value = st.scenario_id
        else:
            self.scenario.value = ALL_SCENARIOS

    def clear(self) -> None:
        self.name.value = ""
        self.power.value, self.interest.value, self.level.value = 3, 3, "inform"

    def values(self) -> dict[str, Any]:
        """What the fields hold, for the store (the name checked first: the text stays on a problem)."""
        t = self.t
        name = self.name.value if isinstance(self.name.value, str) else ""
        if not name.strip():
            raise InvalidValue(t("Stakeholder"), t("please give the stakeholder a name."))
        if len(name.strip()) > MAX_TITLE:
            raise InvalidValue(t("Stakeholder"), t("please keep the name under {n} characters.").format(n=MAX_TITLE))
        scenario = self.scenario.value
        return {"name": name, "category": self.category.value, "power": self.power.value,
                "interest": self.interest.value, "level": self.level.value,
                "scenario_id": None if scenario in (ALL_SCENARIOS, None) else scenario}

"""The scenarios step's view for one role (see :mod:`facilitation.ui.steps.scenarios`)."""

from __future__ import annotations

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.compare import ScenarioSummary, summarise
from facilitation.domain.errors import InvalidValue
from facilitation.domain.records import MAX_TEXT, MAX_TITLE, CaseStudy, Idea, Scenario
from facilitation.domain.groups import ALL_GROUPS
from facilitation.domain.steps import BY_NAME, ROLES
from facilitation.store.scenarios import KEEP
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Context, Notice, guarded
from facilitation.ui.kit.ideas import driver_label, scale_label, votes_text
from facilitation.ui.kit.markup import help_html, title_html
from facilitation.ui.steps.scenarios.case_row import CaseRow
from facilitation.ui.steps.groups import view_scope
from facilitation.ui.steps.scenarios.group_pick import ScenarioGroupPick, Section, picker_row, sections
from facilitation.ui.steps.scenarios.markup import comparison_html, letter, sections_html
from facilitation.ui.steps.scenarios.practice_pick import PracticePicker
from facilitation.ui.setup.practice_form import PracticeForm

TOPICS = set(BY_NAME["scenarios"].topics)  # the registry's, said once there
NEW = 0


class ScenariosView:
    """The scenarios step for one role (see the module docstring)."""

    step = "scenarios"

    def __init__(self, ctx: Context, role: str = "participant") -> None:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        self.ctx, self.role, self.t = ctx, role, ctx.t
        self.workshop = ctx.workshop
        self.editable = role == "facilitator"
        self.notice = Notice(self.t)
        # Several cities (issue 22): a participant reads their group's scenarios, a presenter its choice.
        self.scope = view_scope(ctx, role, self.workshop.id)
        self.sections: list[Section] = []
        self.scenarios: list[Scenario] = []
        self.ideas: list[Idea] = []
        self.summaries: list[ScenarioSummary] = []
        self.picked: set[int] = set()
        self._checks: dict[int, widgets.Checkbox] = {}
        self.compare = theme.html(classes=["fk-scenario-compare"])
        self.compare_head = theme.html(classes=["fk-compare-head"])
        self.root = self._build()
        theme.add_classes(self.root, ["fk-view", f"fk-view-{self.step}", f"fk-role-view-{role}"])
        self.refresh(set(TOPICS))

    # --- building -----------------------------------------------------------------------

    def _build(self) -> widgets.VBox:
        compare_panel = theme.panel([self.compare_head, self.compare], classes=["fk-compare-panel"])
        if not self.editable:
            return widgets.VBox([compare_panel])
        return widgets.VBox([self._build_editor(), compare_panel])

    def _build_editor(self) -> widgets.VBox:
        t = self.t
        self.pick = theme.field(widgets.Dropdown(options=[(t("A new scenario"), NEW)], value=NEW,
                                                 description=t("Edit")), classes=["fk-scenario-pick"])
        self._quiet = False
        self.group_pick = ScenarioGroupPick(self.ctx, self.scope, self._regroup)
        self.new_button = theme.button(t("New scenario"), small=True, classes=["fk-scenario-new"])
        self.new_button.on_click(lambda _b: self.new_scenario())
        self.pick.observe(lambda _c: None if self._quiet else self._load_picked(), names="value")
        self.name = theme.field(widgets.Text(description=t("Name"), placeholder=t("e.g. Green corridors first")),
                                classes=["fk-scenario-name"])
        self.narrative = theme.field(widgets.Textarea(description=t("Narrative"), placeholder=t(
            "The story of this scenario: what changes, in what order, who drives it")), classes=["fk-scenario-narrative"])
        self.narrative.layout.height = "96px"
        self.idea_box = theme.add_classes(widgets.VBox(), ["fk-idea-picks"])
        self.idea_help = theme.html(classes=["fk-idea-picks-help"])
        self.cases = theme.add_classes(widgets.VBox(), ["fk-case-list"])
        self.add_case_button = theme.button(t("Add a case study"), small=True, classes=["fk-case-add"])
        self.add_case_button.on_click(lambda _b: self.add_case())
        self.practices = PracticePicker(t, self.ctx.db, on_pick=self.add_case)
        # Facilitator or expert: add a practice to the library from here (the store checks the key).
        self.practice_form = PracticeForm(self.ctx.db, t, key=self.ctx.key, code=self.ctx.code, folded=True,
                                          on_saved=lambda _p: self.practices.refresh())
        self.save_button = theme.button(t("Save scenario"), kind="primary", classes=["fk-scenario-save"])
        self.save_button.on_click(lambda _b: self.save())
        self.remove_button = theme.button(t("Take out of the comparison"), kind="danger", small=True,
                                          classes=["fk-scenario-remove"])
        self.remove_button.on_click(lambda _b: self.remove())
        head = theme.html(title_html(t("Build alternative scenarios")) +
                          help_html(t("Bundle ideas from the wall into at least two alternative scenarios, each with a narrative. Attach case studies from other cities if they help.")))
        left = theme.add_classes(widgets.VBox([
            picker_row(self.group_pick, self.new_button), self.pick, self.name, self.narrative, theme.html(
            title_html(t("Case studies"))), self.cases,
            theme.add_classes(widgets.HBox([self.add_case_button]), ["fk-actions"]), self.practices.root,
            self.practice_form.root]), ["fk-col"])
        right = theme.add_classes(widgets.VBox([theme.html(
            title_html(t("Ideas in this scenario"))), self.idea_help, self.idea_box]),
            ["fk-col"])
        body = theme.add_classes(widgets.HBox([left, right]), ["fk-two-col", "fk-scenario-editor-cols"])
        actions = theme.add_classes(widgets.HBox([self.save_button, self.remove_button]), ["fk-actions"])
        return theme.panel([head, body, self.notice, actions], classes=["fk-form", "fk-scenario-editor"])

    # --- reading ------------------------------------------------------------------------

    def refresh(self, topics: set[str]) -> None:
        """Re-read scenarios and ideas and redraw the comparison (and the editor's lists)."""
        topics = set(topics) & TOPICS
        if not topics:
            return
        wid = self.workshop.id
        if topics & {"scenarios", "groups"}:
            if self.editable:
                if "groups" in topics:
                    self.group_pick.refresh()
                self.scenarios = store.list_scenarios(self.ctx.db, wid, group_id=self.group_pick.scenario_filter)
                self.sections = [(None, "", self.scenarios)]
            else:
                self.sections = sections(self.ctx, wid, self.scope)
                self.scenarios = [s for _gid, _label, found in self.sections for s in found]
        self.ideas = store.list_ideas(self.ctx.db, wid, facilitator=True, include_merged=True)
        self.summaries = [summarise(s, self.ideas, include_hidden=self.editable) for s in self.scenarios]
        self._show_comparison()
        if self.editable:
            self._show_pick_options()
            self._show_idea_picks()

    def _show_comparison(self) -> None:
        t = self.t
        n = len(self.summaries)
        if n == 0:
            self.compare_head.value = title_html(t("Scenarios side by side"))
            self.compare.value = theme.empty_html(
                t("No scenarios yet"),
                t("Build the first one above.") if self.editable else t("The experts are preparing the scenarios."),
                icon="leaf")
            return
        hint = theme.banner_html(t("Build at least two scenarios to compare them."), "warn") if n < 2 and self.editable else ""
        self.compare_head.value = title_html(t("Scenarios side by side")) + hint
        if len(self.sections) > 1 or any(label for _gid, label, _found in self.sections):
            by_id = {int(s.scenario.id): s for s in self.summaries}
            self.compare.value = sections_html(t, [(gid, label, [by_id[int(s.id)] for s in found])
                                                   for gid, label, found in self.sections])
        else:
            self.compare.value = comparison_html(t, self.summaries)

    # --- editor -------------------------------------------------------------------------

    def _show_pick_options(self) -> None:
        t = self.t
        options = [(t("A new scenario"), NEW)] + [(f"{letter(i)} · {s.name[:60]}", int(s.id))
                                                   for i, s in enumerate(self.scenarios)]
        if list(self.pick.options) != options:
            current = self.pick.value
            still_there = current in [v for _, v in options]
            self._quiet = True  # a list refresh must not reload (and so wipe) what is being typed
            try:
                self.pick.options = options
                self.pick.value = current if still_there else NEW
            finally:
                self._quiet = False
            if not still_there:
                self._load_picked()
        theme.set_visible(self.remove_button, self.pick.value != NEW)

    def _pickable(self) -> list[Idea]:
        """The ideas offered: the chosen group's wall and the room's (and any already picked), most votes first."""
        scope = self.group_pick.idea_filter
        ideas = [i for i in self.ideas if i.merged_into is None and not i.hidden
                 and (scope == ALL_GROUPS or i.group_id in (None, scope) or int(i.id) in self.picked)]
        return sorted(ideas, key=lambda i: (-i.total_votes, i.id or 0))

    def _idea_text(self, idea: Idea) -> str:
        t = self.t
        return f"{idea.title} · {votes_text(t, idea.total_votes, idea.carried_votes)} · " \
               f"{scale_label(t, idea.scale)}, {driver_label(t, idea.driver).lower()}"

    def _show_idea_picks(self) -> None:
        t = self.t
        ideas = self._pickable()
        # Picks of ideas merged since keep pointing at the idea they went into.
        by_id = {int(i.id): i for i in self.ideas}
        self.picked = {self._resolved(i, by_id) for i in self.picked}
        self.picked.discard(None)
        wanted = [int(i.id) for i in ideas]
        for gone in set(self._checks) - set(wanted):
            del self._checks[gone]  # closed by replace_children below, once off the list
        for idea in ideas:
            box = self._checks.get(int(idea.id))
            if box is None:
                box = widgets.Checkbox(value=int(idea.id) in self.picked, indent=False)
                theme.add_classes(box, ["fk-check", "fk-scenario-idea", f"fk-scenario-idea-{int(idea.id)}"])
                box.observe(lambda change, iid=int(idea.id): self._toggle(iid, change["new"]), names="value")
                self._checks[int(idea.id)] = box
            text = self._idea_text(idea)
            if box.description != text:
                box.description = text
            if box.value != (int(idea.id) in self.picked):
                box.value = int(idea.id) in self.picked
        theme.replace_children(self.idea_box, (self._checks[i] for i in wanted))
        n = len(self.picked)
        self.idea_help.value = (help_html(t("No ideas on the wall yet.")) if not ideas else
                                help_html(t("{n} picked. Ideas with the most votes first.").format(n=n)))

    @staticmethod
    def _resolved(idea_id: int, by_id: dict[int, Idea]) -> int | None:
        from facilitation.domain.compare import resolve

        idea = resolve(idea_id, by_id)
        return int(idea.id) if idea is not None else None

    def _toggle(self, idea_id: int, on: bool) -> None:
        if on:
            self.picked.add(idea_id)
        else:
            self.picked.discard(idea_id)
        n = len(self.picked)
        self.idea_help.value = help_html(self.t("{n} picked. Ideas with the most votes first.").format(n=n))

    def _regroup(self) -> None:
        """Another group's scenarios: the editor starts a new one for that group."""
        self._quiet = True
        try:
            self.pick.value = NEW
        finally:
            self._quiet = False
        self.refresh({"scenarios"})
        self._load_picked()

    def new_scenario(self) -> None:
        """Empty the editor for a new scenario (the one being edited stays as it was saved)."""
        if self.pick.value != NEW:
            self.pick.value = NEW  # loads the empty editor
        else:
            self._load_picked()

    def _load_picked(self, *, keep_notice: bool = False) -> None:
        """Fill the editor with the scenario chosen in the dropdown (or empty it for a new one)."""
        scenario = next((s for s in self.scenarios if s.id == self.pick.value), None)
        self.name.value = scenario.name if scenario else ""
        self.narrative.value = scenario.narrative if scenario else ""
        self.picked = set(scenario.idea_ids) if scenario else set()
        theme.replace_children(self.cases, [CaseRow(self.t, c, self._remove_case)
                                            for c in (scenario.case_studies if scenario else ())])
        theme.set_visible(self.remove_button, scenario is not None)
        if not keep_notice:
            self.notice.clear()
        self._show_idea_picks()

    def add_case(self, case: CaseStudy | None = None) -> CaseRow:
        """A case-study row in the editor: empty, or filled from the practice library."""
        row = CaseRow(self.t, case, self._remove_case)
        self.cases.children = (*self.cases.children, row)
        return row

    def _remove_case(self, row: CaseRow) -> None:
        theme.replace_children(self.cases, [r for r in self.cases.children if r is not row])

    def save(self) -> bool:
        """Save the scenario being edited (new or existing); the fields keep their text on a problem."""
        t = self.t
        saved: list[Scenario] = []

        def action() -> str:
            name = self.name.value if isinstance(self.name.value, str) else ""
            if not name.strip():
                raise InvalidValue(t("Name"), t("please give the scenario a name."))
            if len(name.strip()) > MAX_TITLE:
                raise InvalidValue(t("Name"), t("please keep the name under {n} characters.").format(n=MAX_TITLE))
            if len(self.narrative.value or "") > MAX_TEXT:
                raise InvalidValue(t("Narrative"), t("please keep it under {n} characters.").format(n=MAX_TEXT))
            cases = []
            for n, row in enumerate(self.cases.children, start=1):
                if row.is_empty():
                    continue
                if not (row.title.value or "").strip():
                    raise InvalidValue(t("Case study {n}").format(n=n), t("please give it a title."))
                cases.append(row.value())
            chosen = [i for i in (int(x.id) for x in self._pickable()) if i in self.picked]
            chosen += sorted(i for i in self.picked if i not in chosen)
            scenario_id = self.pick.value if self.pick.value != NEW else None
            # A new scenario is the chosen group's; an edited one keeps its group (the store checks both).
            group_id = self.group_pick.group_id if scenario_id is None else KEEP
            saved.append(store.save_scenario(self.ctx.db, self.ctx.code, self.ctx.key, name=name,
                                             narrative=self.narrative.value or "", idea_ids=chosen,
                                             case_studies=cases, scenario_id=scenario_id, group_id=group_id))
            return t("Scenario “{name}” saved. The editor is ready for a new one.").format(name=saved[0].name)

        ok = guarded(self.notice, action)
        if ok:
            # Back to "A new scenario", so the next save never overwrites this one (issue 22).
            self._quiet = True
            try:
                self.pick.value = NEW
            finally:
                self._quiet = False
            self.refresh({"scenarios"})
            self._load_picked(keep_notice=True)
        return ok

    def remove(self) -> bool:
        """Take the scenario being edited out of the comparison (kept in the data)."""
        t = self.t

        def action() -> str:
            if self.pick.value == NEW:
                raise InvalidValue(t("Scenario"), t("choose a saved scenario first."))
            store.set_scenario_hidden(self.ctx.db, self.ctx.code, self.ctx.key, self.pick.value, True)
            return t("The scenario is out of the comparison.")

        ok = guarded(self.notice, action)
        if ok:
            self.pick.value = NEW
            self.refresh({"scenarios"})
        return ok

    def close(self) -> None:
        theme.close_tree(self.root, self.notice, *self._checks.values())  # the notice is off-page when read-only

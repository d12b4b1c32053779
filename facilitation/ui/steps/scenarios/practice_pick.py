"""Pick a case study from the programme's practice library into the scenario being edited.

The library (``store.search_practices``) gathers the case studies that earlier workshops used
and the practices organisers added; a pick fills a case-study row, saved with the scenario.
"""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.programmes import Practice
from facilitation.domain.records import MAX_CITY, MAX_TITLE, CaseStudy
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.markup import help_html

MAX_SHOWN = 50
MAX_LESSON = 300


class PracticePicker:
    """A search box, the matching practices and an *Add* button (``fk-practice-pick``)."""

    def __init__(self, t: Translate, db: store.Database, on_pick: Callable[[CaseStudy], Any]) -> None:
        self.t, self.db, self.on_pick = t, db, on_pick
        self.found: dict[int, Practice] = {}
        self.search = theme.field(widgets.Text(description=t("Search the practice library"),
                                               placeholder=t("e.g. green roofs, Leuven")),
                                  classes=["fk-practice-pick-search"])
        self.choice = theme.field(widgets.Dropdown(description=t("Practice"), options=[]),
                                  classes=["fk-practice-pick"])
        self.add_button = theme.button(t("Add as a case study"), small=True, classes=["fk-practice-pick-add"])
        self.add_button.on_click(lambda _b: self.add())
        self.search.observe(lambda _c: self.refresh(), names="value")
        self.count = theme.html(classes=["fk-practice-pick-count"])
        self.root = theme.add_classes(widgets.VBox([
            self.search, theme.add_classes(widgets.HBox([self.choice, self.add_button]), ["fk-actions"]),
            self.count]), ["fk-practice-picker"])
        self.refresh()

    def refresh(self) -> None:
        """Re-read the library for the words in the search box."""
        query = self.search.value if isinstance(self.search.value, str) else ""
        practices = store.search_practices(self.db, query[:200])
        self.found = {p.id: p for p in practices[:MAX_SHOWN]}
        self.choice.options = [(self._label(p), p.id) for p in self.found.values()]
        self.count.value = help_html(self.t("{n} of {total} practices shown.").format(
            n=len(self.found), total=len(practices)) if practices else self.t("No practice matches these words."))
        theme.set_visible(self.add_button, bool(self.found))

    @staticmethod
    def _label(p: Practice) -> str:
        return f"{p.title} ({p.city})" if p.city else p.title

    def add(self) -> CaseStudy | None:
        """Hand the chosen practice to the editor as a case study (a forged id is ignored)."""
        practice = self.found.get(self.choice.value) if isinstance(self.choice.value, int) else None
        if practice is None:
            return None
        # The library allows longer text than a case study: keep what fits.
        case = CaseStudy(title=practice.title[:MAX_TITLE], city=practice.city[:MAX_CITY], link=practice.link,
                         lesson=practice.lesson[:MAX_LESSON])
        self.on_pick(case)
        return case

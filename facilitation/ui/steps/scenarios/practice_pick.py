"""Pick a case study from the practice library into the scenario being edited.

The search (``store.search_practices``) reaches the practices organisers and experts added and
the case studies of every workshop's scenarios (in a programme or not); a pick fills a
case-study row, saved with the scenario. The first match is chosen as soon as there is one, and
*Add* always answers with a notice (``fk-practice-pick-notice``): what was added, or why not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from facilitation import store
from facilitation.domain.programmes import Practice
from facilitation.domain.records import MAX_CITY, MAX_TITLE, CaseStudy
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import Notice
from facilitation.ui.kit.markup import help_html

MAX_SHOWN = 50
MAX_LESSON = 300


class PracticePicker:
    """A search box, the matching practices and an *Add* button (``fk-practice-pick``)."""

    def __init__(self, t: Translate, db: store.Database, on_pick: Callable[[CaseStudy], Any]) -> None:
        self.t, self.db, self.on_pick = t, db, on_pick
        self.found: list[Practice] = []
        self.search = theme.field(widgets.Text(description=t("Search the practice library"),
                                               placeholder=t("e.g. green roofs, Leuven")),
                                  classes=["fk-practice-pick-search"])
        self.choice = theme.field(widgets.Dropdown(description=t("Practice"), options=[]),
                                  classes=["fk-practice-pick"])
        self.add_button = theme.button(t("Add as a case study"), small=True, classes=["fk-practice-pick-add"])
        self.add_button.on_click(lambda _b: self.add())
        self.search.observe(lambda _c: self.refresh(), names="value")
        self.count = theme.html(classes=["fk-practice-pick-count"])
        self.notice = Notice(t)
        self.notice.add_class("fk-practice-pick-notice")
        self.root = theme.add_classes(widgets.VBox([
            self.search, theme.add_classes(widgets.HBox([self.choice, self.add_button]), ["fk-actions"]),
            self.count, self.notice]), ["fk-practice-picker"])
        self.refresh()

    def refresh(self) -> None:
        """Re-read the library for the words in the search box; the first match is chosen."""
        query = self.search.value if isinstance(self.search.value, str) else ""
        practices = store.search_practices(self.db, query[:200], cases=True)
        previous = self._chosen()
        self.found = practices[:MAX_SHOWN]
        self.choice.options = [(self._label(p), n) for n, p in enumerate(self.found)]
        # ipywidgets leaves a Dropdown empty when its options were empty before: choose explicitly,
        # the practice chosen before when it still matches, else the first.
        self.choice.value = (self.found.index(previous) if previous in self.found else 0) if self.found else None
        self.count.value = help_html(self.t("{n} of {total} practices shown.").format(
            n=len(self.found), total=len(practices)) if practices else self.t("No practice matches these words."))
        self.add_button.disabled = not self.found  # the count says why
        theme.set_visible(self.add_button, bool(self.found))

    def _chosen(self) -> Practice | None:
        n = self.choice.value
        ok = isinstance(n, int) and not isinstance(n, bool) and 0 <= n < len(self.found)
        return self.found[n] if ok else None

    @staticmethod
    def _label(p: Practice) -> str:
        return f"{p.title} ({p.city})" if p.city else p.title

    def add(self) -> CaseStudy | None:
        """Hand the chosen practice to the editor as a case study; a notice says what happened."""
        t = self.t
        if not self.found:
            self.notice.error(t("No practice matches these words: change the search, or add a case study by hand."))
            return None
        practice = self._chosen()
        if practice is None:
            self.notice.error(t("Choose a practice in the list first."))  # also a forged value
            return None
        # The library allows longer text than a case study: keep what fits.
        case = CaseStudy(title=practice.title[:MAX_TITLE], city=practice.city[:MAX_CITY], link=practice.link,
                         lesson=practice.lesson[:MAX_LESSON])
        self.on_pick(case)
        self.notice.ok(t("“{title}” added as a case study: save the scenario to keep it.").format(title=case.title))
        return case

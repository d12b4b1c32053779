"""One case study being edited in the scenario editor (``fk-case-row``)."""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as widgets

from facilitation.domain.records import CaseStudy
from facilitation.i18n import Translate
from facilitation.ui.kit import theme


class CaseRow(widgets.VBox):
    """One case study being edited: title, city, link and the one-line lesson."""

    def __init__(self, t: Translate, case: CaseStudy | None, on_remove: Callable[["CaseRow"], Any]) -> None:
        super().__init__()
        self.title = theme.field(widgets.Text(value=case.title if case else "", description=t("Case study"),
                                              placeholder=t("e.g. Temporary street changes")), classes=["fk-case-title"])
        self.city = theme.field(widgets.Text(value=case.city if case else "", description=t("City"),
                                             placeholder=t("e.g. Leuven")), classes=["fk-case-city"])
        self.link = theme.field(widgets.Text(value=case.link if case else "", description=t("Link"),
                                             placeholder="https://…"), classes=["fk-case-link"])
        self.lesson = theme.field(widgets.Text(value=case.lesson if case else "", description=t("Lesson in one line"),
                                               placeholder=t("What the city can learn from it")),
                                  classes=["fk-case-lesson-input"])
        remove = theme.button(t("Remove case study"), kind="ghost", small=True, classes=["fk-case-remove"])
        remove.on_click(lambda _b: on_remove(self))
        self.children = [theme.row([self.title, self.city]), self.link, self.lesson,
                         theme.add_classes(widgets.HBox([remove]), ["fk-actions"])]
        theme.add_classes(self, ["fk-case-row"])

    def is_empty(self) -> bool:
        return not any((w.value or "").strip() for w in (self.title, self.city, self.link, self.lesson))

    def value(self) -> dict[str, str]:
        return {"title": self.title.value or "", "city": self.city.value or "", "link": self.link.value or "",
                "lesson": self.lesson.value or ""}

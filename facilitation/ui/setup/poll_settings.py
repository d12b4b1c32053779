"""The poll's settings editor in the agenda editor (issue 24): ``Editor(t, settings)``.

``fk-poll-question`` (the question), ``fk-poll-kind`` (single, multiple, rating, word cloud), one
``fk-poll-option`` text per option with ``fk-poll-option-add`` (and a remove button each), the
most choices of a multiple-choice poll, a rating's scale and end labels, and whether participants
see the results after answering. ``value()`` returns the settings as typed: the store checks
them (:func:`facilitation.domain.polls.check_settings`) when the agenda editor saves the step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from facilitation.domain import polls as P
from facilitation.i18n import Translate
from facilitation.ui.kit import theme

_STARTING_OPTIONS = 2


class Editor:
    """A poll's settings as a form; ``root`` is the widget, ``value()`` the settings typed."""

    def __init__(self, t: Translate, settings: Mapping[str, Any] | None) -> None:
        self.t = t
        raw = dict(settings or {})
        read = P.poll_settings(raw)
        self.question = theme.text(t("Question"), value=str(raw.get("question") or read.question),
                                   placeholder=t("What would you like to ask the room?"), classes=["fk-poll-question"])
        kind = raw.get("kind") if raw.get("kind") in P.KINDS else read.kind
        self.kind = theme.dropdown(t("Kind of poll"), [(t(P.KIND_LABELS[k]), k) for k in P.KINDS], value=kind,
                                   classes=["fk-poll-kind"])
        self.options_box = theme.box(classes=["fk-poll-options-edit"])
        self.option_rows: list[tuple[widgets.Text, widgets.Widget]] = []
        self.add = theme.button(t("Add an option"), small=True, classes=["fk-poll-option-add"])
        self.add.on_click(lambda _b: self.add_option(""))
        self.max_choices = widgets.BoundedIntText(value=int(read.max_choices), min=0, max=P.MAX_OPTIONS,
                                                  description=t("Most choices (0: no limit)"))
        theme.field(self.max_choices, classes=["fk-poll-max"])
        self.scale = theme.dropdown(t("Points on the scale"), list(range(P.MIN_SCALE, P.MAX_SCALE + 1)),
                                    value=read.scale, classes=["fk-poll-scale-size"])
        self.low = theme.text(t("Label of the lowest point"), value=read.low_label, classes=["fk-poll-low"])
        self.high = theme.text(t("Label of the highest point"), value=read.high_label, classes=["fk-poll-high"])
        self.show = widgets.Checkbox(value=read.show_results, indent=False,
                                     description=t("Participants see the results after answering"))
        self.show.add_class("fk-poll-show-results")
        self.choice_part = theme.box([self.options_box, self.add, self.max_choices], classes=["fk-poll-choice-edit"])
        self.rating_part = theme.box([self.scale, self.low, self.high], classes=["fk-poll-rating-edit"])
        options = [str(o) for o in raw.get("options") or ()] if isinstance(raw.get("options"), list) else []
        for text in options or [""] * _STARTING_OPTIONS:
            self.add_option(text)
        self.kind.observe(lambda _c: self._show_kind(), names="value")
        self.root = theme.box([self.question, self.kind, self.choice_part, self.rating_part, self.show],
                              classes=["fk-poll-settings"])
        self._show_kind()

    def add_option(self, text: str) -> widgets.Text | None:
        """One more option field, up to the poll's maximum (the button hides there; a forged click adds none)."""
        if len(self.option_rows) >= P.MAX_OPTIONS:
            return None
        field = theme.text(self.t("Option {n}").format(n=len(self.option_rows) + 1), value=text,
                           classes=["fk-poll-option"])
        remove = theme.button(self.t("Remove"), kind="ghost", small=True, classes=["fk-poll-option-remove"])
        row = theme.box([field, remove], classes=["fk-poll-option-row"], horizontal=True)
        remove.on_click(lambda _b, row=row, field=field: self._remove(row, field))
        self.option_rows.append((field, row))
        self.options_box.children = tuple(r for _f, r in self.option_rows)
        self.add.layout.display = "none" if len(self.option_rows) >= P.MAX_OPTIONS else None
        return field

    def _remove(self, row: widgets.Widget, field: widgets.Text) -> None:
        self.option_rows = [(f, r) for f, r in self.option_rows if r is not row]
        self.options_box.children = tuple(r for _f, r in self.option_rows)
        for n, (f, _r) in enumerate(self.option_rows, start=1):
            f.description = self.t("Option {n}").format(n=n)
        self.add.layout.display = None
        theme.close_tree(row)

    @property
    def options(self) -> list[widgets.Text]:
        return [f for f, _r in self.option_rows]

    def _show_kind(self) -> None:
        kind = self.kind.value
        self.choice_part.layout.display = None if kind in P.CHOICE_KINDS else "none"
        self.max_choices.layout.display = None if kind == "multiple" else "none"
        self.rating_part.layout.display = None if kind == "rating" else "none"

    def value(self) -> dict[str, Any]:
        """The settings as typed (blank options dropped); the store checks them when saved."""
        out: dict[str, Any] = {"question": self.question.value, "kind": self.kind.value,
                               "show_results": bool(self.show.value)}
        if self.kind.value in P.CHOICE_KINDS:
            out["options"] = [f.value for f in self.options if f.value.strip()]
            if self.kind.value == "multiple":
                out["max_choices"] = int(self.max_choices.value or 0)
        elif self.kind.value == "rating":
            out.update(scale=int(self.scale.value), low_label=self.low.value, high_label=self.high.value)
        return out

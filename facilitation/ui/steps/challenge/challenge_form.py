"""The facilitator's challenge form: title, description and theme tags (``fk-challenge-form``).

A component: *Save* calls ``on_save()``; the step's view asks the store with the page's key.
A field somebody is typing in is never overwritten by an update from another page.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import ipywidgets as widgets

from facilitation.domain.errors import InvalidValue
from facilitation.domain.links import HOMEWORK_NOTEBOOK, page_link
from facilitation.domain.records import MAX_TEXT, MAX_TITLE, Challenge
from facilitation.i18n import Translate
from facilitation.ui.kit import theme
from facilitation.ui.kit.base import esc
from facilitation.ui.kit.markup import help_html


def homework_link(base: str, code: str, key: str) -> str:
    """The homework page's link for a key (a city representative's key opens the challenge only)."""
    return page_link(base, HOMEWORK_NOTEBOOK, code=code, key=key)


class ChallengeForm:
    """The city's key local challenge in words, with one-click theme suggestions."""

    def __init__(self, t: Translate, themes: Sequence[str], *, on_save: Callable[[], Any],
                 on_homework: Callable[[], str] | None = None) -> None:
        self.t = t
        self.title = theme.field(widgets.Text(description=t("Challenge"), placeholder=t(
            "e.g. Too little green and blue infrastructure in the centre")), classes=["fk-challenge-title"])
        self.description = theme.field(widgets.Textarea(description=t("Description"), placeholder=t(
            "What is the problem, where, for whom, and what has been tried?")), classes=["fk-challenge-description"])
        self.description.layout.height = "110px"
        self.theme = theme.field(widgets.Text(description=t("Themes (separated by commas)"), placeholder=", ".join(
            themes[:3])), classes=["fk-challenge-theme"])
        suggestions = []
        for name in themes:
            btn = theme.button("+ " + name, kind="ghost", small=True, classes=["fk-theme-suggest"],
                               tooltip=t("Add this theme"))
            btn.on_click(lambda _b, name=name: self.add_theme(name))
            suggestions.append(btn)
        self.theme_buttons = suggestions
        self.save_button = theme.button(t("Save the challenge"), kind="primary", classes=["fk-challenge-save"])
        self.save_button.on_click(lambda _b: on_save())
        self.saved_at = theme.html(classes=["fk-challenge-saved"])
        heading = t("The city's key local challenge")
        lead = t("Describe the challenge in a few lines and tag its themes; then show on the map where it is.")
        head = theme.html(f'<div class="fk-panel-title">{esc(heading)}</div><p class="fk-help">{esc(lead)}</p>')
        parts: list[widgets.Widget] = [head, self.title, self.description, self.theme]
        if suggestions:
            parts.append(theme.add_classes(widgets.HBox(suggestions), ["fk-actions", "fk-theme-suggestions"]))
        parts.append(theme.add_classes(widgets.HBox([self.save_button, self.saved_at]), ["fk-actions"]))
        self.homework_button: widgets.Button | None = None
        self.homework: widgets.HTML | None = None
        if on_homework is not None:
            parts.append(self._homework_panel(on_homework))
        self.root = theme.panel(parts, classes=["fk-form", "fk-challenge-form"])
        self._loaded: dict[str, str] = {"title": "", "description": "", "theme": ""}

    def _homework_panel(self, on_homework: Callable[[], str]) -> widgets.VBox:
        """A button issuing a link for the city's representative, who prepares this as homework.

        Each click issues a new city key (stored as a hash): the link opens the challenge and
        map only, and the facilitator can withdraw it under Prepare › Links.
        """
        note = self.t("The city's representative can prepare the challenge and the map before the workshop. "
                      "Their link opens this step only; you can withdraw it under Prepare.")
        self.homework = theme.html(classes=["fk-homework-link"])
        self.homework_button = theme.button(self.t("Create a homework link"), kind="ghost", small=True,
                                            classes=["fk-homework-issue"])

        def issue(_b: Any) -> None:
            url = on_homework()
            if url and self.homework is not None:
                self.homework.value = f"<code>{esc(url)}</code>"

        self.homework_button.on_click(issue)
        return theme.add_classes(widgets.VBox([theme.html(help_html(note)), self.homework_button, self.homework]),
                                 ["fk-homework"])

    def add_theme(self, name: str) -> None:
        tags = [s.strip() for s in (self.theme.value or "").split(",") if s.strip()]
        if name not in tags:
            tags.append(name)
        self.theme.value = ", ".join(tags)

    def show(self, ch: Challenge | None) -> None:
        """The stored challenge in the fields nobody has typed in since they were last loaded."""
        values = {"title": ch.title if ch else "", "description": ch.description if ch else "",
                  "theme": ", ".join(ch.themes) if ch else ""}
        for name, widget in (("title", self.title), ("description", self.description), ("theme", self.theme)):
            if widget.value == self._loaded[name]:
                widget.value = values[name]
        self._loaded = values
        stamp = ch.updated_at.strftime("%Y-%m-%d %H:%M") if ch and ch.updated_at else ""
        self.saved_at.value = help_html(self.t("Saved {when} UTC").format(when=stamp)) if stamp else ""

    def values(self) -> dict[str, Any]:
        """Title, description and themes for the store (checked first: on a problem the text stays)."""
        t = self.t
        title = self.title.value if isinstance(self.title.value, str) else ""
        if not title.strip():
            raise InvalidValue(t("Challenge"), t("please give the challenge a short title."))
        if len(title.strip()) > MAX_TITLE:
            raise InvalidValue(t("Challenge"), t("please keep the title under {n} characters.").format(n=MAX_TITLE))
        if len(self.description.value or "") > MAX_TEXT:
            raise InvalidValue(t("Description"), t("please keep it under {n} characters.").format(n=MAX_TEXT))
        themes = [s for s in (self.theme.value or "").split(",")]
        return {"title": title, "description": self.description.value or "", "themes": themes}

    def keep_typed(self) -> None:
        """What was typed is now stored: the fields count as loaded (the stored, tidied text follows)."""
        self._loaded = {"title": self.title.value, "description": self.description.value, "theme": self.theme.value}

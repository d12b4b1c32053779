"""The language switch (``fk-lang-switch``): one button per language with a catalogue.

The workshop's own language comes first, then the others in the order of
:data:`facilitation.i18n.LANGUAGES`; each button is named in its own language ("Polski"), so
anyone can find theirs. Picking one calls ``on_pick(code)``: the page then rebuilds itself from
the store in that language (the truth is in the store; nothing else is kept in widgets).
"""

from __future__ import annotations

from typing import Callable, Sequence

import ipywidgets as widgets

from facilitation import i18n
from facilitation.ui.kit import theme


def ordered_languages(first: str | None, languages: Sequence[str] | None = None) -> list[str]:
    """``languages`` (default: every catalogue) with ``first`` (the workshop's language) in front."""
    available = list(i18n.LANGUAGES if languages is None else languages)
    return ([first] if first in available else []) + [code for code in available if code != first]


def language_name(code: str) -> str:
    return i18n.NATIVE_NAMES.get(code, code)


class LanguageSwitch:
    """Buttons ``fk-lang-switch`` › ``fk-lang-CODE``; the shown language is ``fk-lang-current``."""

    def __init__(self, t: i18n.Translator, *, first: str | None, on_pick: Callable[[str], None]) -> None:
        self.on_pick = on_pick
        self.current = t.language
        self.buttons: dict[str, widgets.Button] = {}
        for code in ordered_languages(first):
            button = theme.button(language_name(code), kind="ghost", small=True, classes=[f"fk-lang-{code}"],
                                  tooltip=t("Show this page in {language}").format(language=language_name(code)))
            button.on_click(lambda _b, code=code: self.pick(code))
            self.buttons[code] = button
        self.root = theme.box(list(self.buttons.values()), classes=["fk-lang-switch"], horizontal=True)
        self._mark()
        theme.set_visible(self.root, len(self.buttons) > 1)

    def _mark(self) -> None:
        for code, button in self.buttons.items():
            if code == self.current:
                button.add_class("fk-lang-current")
            else:
                button.remove_class("fk-lang-current")
            button.disabled = code == self.current

    def pick(self, code: str) -> bool:
        """Show the page in ``code``; False when it is not offered or already shown (forged clicks too)."""
        if code not in self.buttons or code == self.current:
            return False
        self.current = code
        self._mark()
        self.on_pick(code)
        return True

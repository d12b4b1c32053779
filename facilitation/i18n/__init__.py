"""Translations. Every user-facing string goes through a :class:`Translator`.

The workshop's language picks the catalogue; a missing translation falls back to English.
Catalogues live in ``i18n/LANG/LC_MESSAGES/facilitation.po`` and are compiled to ``.mo``
by ``python -m facilitation.i18n.catalog update`` (tests check both stay in step). Adding a
language is adding a catalogue: every folder here with a compiled ``.mo`` is a language
(docs/languages.md).
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from facilitation.domain.languages import LANGUAGES, SOURCE_LANGUAGE

LOCALE_DIR = Path(__file__).resolve().parent
DOMAIN = "facilitation"

# A language's own name, for the language switch (shown in that language, never translated).
NATIVE_NAMES = {"en": "English", "pl": "Polski", "de": "Deutsch", "fr": "Français", "es": "Español",
                "uk": "Українська", "cs": "Čeština", "lt": "Lietuvių", "sk": "Slovenčina"}


def available_languages(locale_dir: Path | None = None) -> tuple[str, ...]:
    """The languages with a compiled catalogue, English first, then in alphabetical order.

    The interface offers :data:`LANGUAGES` (the domain's list); this finds what is compiled.
    """
    base = LOCALE_DIR if locale_dir is None else locale_dir
    found = sorted(p.parent.parent.name for p in base.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (SOURCE_LANGUAGE,) + tuple(code for code in found if code != SOURCE_LANGUAGE)


class Localizable(Protocol):
    """What an error offers to be shown in a language (:mod:`facilitation.domain.errors`)."""

    def localized(self, t: "Translator") -> str: ...


class Translator:
    """Translates English source strings into one language.

    ``t("Next step")`` for a plain string; strings with values use
    ``t("{n} votes left").format(n=...)`` so translators see the placeholder, and counts use
    ``t.ngettext("{n} vote", "{n} votes", n).format(n=n)`` so each language picks its own
    plural form (Polish has three: 1 głos, 2 głosy, 5 głosów).
    """

    def __init__(self, language: str, catalogue: gettext.NullTranslations) -> None:
        self.language = language
        self._catalogue = catalogue

    def __call__(self, message: str) -> str:
        return self._catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of ``singular``/``plural`` this language uses for the count ``n``."""
        return self._catalogue.ngettext(singular, plural, n)

    def error(self, exc: Localizable) -> str:
        """A named error's sentence in this language (English ``str(exc)`` stays for logs)."""
        return exc.localized(self)

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"


Translate = Translator


@lru_cache(maxsize=None)
def _catalogue(locale_dir: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=locale_dir, languages=[language], fallback=True)


def translator(language: str | None) -> Translator:
    """A translator into ``language`` (English if there is no catalogue for it).

    Use it as ``t = translator(workshop.language)`` and ``t("Next step")``.
    """
    lang = language if language in LANGUAGES else SOURCE_LANGUAGE
    return Translator(lang, _catalogue(str(LOCALE_DIR), lang))


def reload_languages() -> tuple[str, ...]:
    """Forget the cached catalogues (after one was compiled again); the languages stay the domain's."""
    _catalogue.cache_clear()
    return LANGUAGES

"""Translations. Every user-facing string goes through :func:`translator`.

The workshop's language picks the catalogue; a missing translation falls back to English.
Catalogues live in ``i18n/LANG/LC_MESSAGES/facilitation.po`` and are compiled to ``.mo``
by ``python -m facilitation.i18n.catalog update`` (tests check both stay in step).
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path
from typing import Callable

LOCALE_DIR = Path(__file__).resolve().parent
DOMAIN = "facilitation"
LANGUAGES = ("en", "pl")

Translate = Callable[[str], str]


@lru_cache(maxsize=None)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[language], fallback=True)


def translator(language: str | None) -> Translate:
    """A function translating English source strings into ``language`` (``en`` if unknown).

    Use it as ``t = translator(workshop.language)`` and ``t("Next step")``; strings with
    values use ``t("{n} votes left").format(n=...)`` so translators see the placeholder.
    """
    lang = language if language in LANGUAGES else "en"
    return _catalogue(lang).gettext

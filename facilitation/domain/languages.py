"""The interface's languages: the one list the domain's checks and the translator share.

A workshop, a programme and a page may be in any of these; each has a gettext catalogue in
``facilitation/i18n`` (tests/test_i18n_languages.py checks it). Adding a language is adding
its catalogue and its code here (docs/languages.md).
"""

from __future__ import annotations

SOURCE_LANGUAGE = "en"  # the language the interface is written in; a missing translation shows it
LANGUAGES: tuple[str, ...] = (SOURCE_LANGUAGE, "pl")  # English first, then alphabetical

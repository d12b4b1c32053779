"""Maintain the catalogues: ``python -m facilitation.i18n.catalog update``.

Extracts every ``t("...")`` / ``_("...")`` string from the package (with Babel), merges them
into each language's ``.po`` (keeping existing translations) and compiles the ``.mo`` files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from facilitation.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

PACKAGE_DIR = LOCALE_DIR.parent
KEYWORDS = {"t": None, "_": None, "N_": None}


def extract() -> Catalog:
    """Every translatable string in the package, with where it is used."""
    template = Catalog(project="facilitation")
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE_DIR), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
    ):
        if isinstance(message, str) and message:
            template.add(message, locations=[(filename, lineno)])
    return template


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, project="facilitation")
    with path.open("rb") as fh:
        return read_po(fh, locale=language)


def update() -> dict[str, list[str]]:
    """Merge new strings into every catalogue and compile; returns untranslated ids per language."""
    missing: dict[str, list[str]] = {}
    for language in LANGUAGES:
        # A fresh template per language: Babel shares message objects with the template, so
        # filling English strings would otherwise leak into the next language's new entries.
        template = extract()
        catalog = load(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        for message in catalog:
            if message.id and language == "en":
                message.string = message.id  # English is the source: complete by construction
        missing[language] = [m.id for m in catalog if m.id and not m.string]
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, catalog, omit_header=False, sort_output=True, width=100, include_lineno=False)
        with path.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog)
    return missing


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["update"]:
        print("usage: python -m facilitation.i18n.catalog update", file=sys.stderr)
        return 2
    for language, ids in update().items():
        print(f"{language}: {len(ids)} untranslated" + "".join(f"\n  {i}" for i in ids[:50]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

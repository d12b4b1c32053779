"""Maintain the catalogues.

- ``python -m facilitation.i18n.catalog update``: extract every translatable string from the
  package (with Babel), merge them into each language's ``.po`` (keeping existing translations,
  plural ones included) and compile the ``.mo`` files.
- ``python -m facilitation.i18n.catalog fill LANG FILE.json [--overwrite]``: merge translations
  (``{"English": "translation"}``, for plurals ``{"English singular": ["form 0", "form 1", ...]}``)
  into the entries that are still empty (``--overwrite``: into any entry), then compile.
- ``python -m facilitation.i18n.catalog init LANG``: start a new language's catalogue.

Translatable are ``t("...")``, ``t.ngettext("...", "...", n)``, ``N_("...")`` and the
sentence of a named error (``NotFound("...")``, ``InvalidValue(field, "...")``, the field too).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from facilitation.i18n import DOMAIN, LOCALE_DIR, SOURCE_LANGUAGE

PACKAGE_DIR = LOCALE_DIR.parent
# The named errors whose first argument is the sentence (domain/errors.py).
ERROR_CLASSES = ("FacilitationError", "NotAllowed", "NotFound", "LimitReached", "StoreUnusable", "StoreUnreachable", "TemplateError")
# InvalidValue(field, sentence): both are translated (see extract_python_errors).
KEYWORDS: dict[str, Any] = {"t": None, "_": None, "N_": None, "ngettext": (1, 2), "InvalidValue": None,
                            **{name: None for name in ERROR_CLASSES}}
PLACEHOLDER = re.compile(r"(?<!\{)\{([a-zA-Z_][a-zA-Z0-9_]*)")


def extract_python_errors(fileobj: Any, keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple]:
    """Babel's Python extractor, with ``InvalidValue(field, sentence)`` giving two strings:
    the field ("idea") and the sentence ("must be an idea number."), each its own entry."""
    for lineno, funcname, messages, comments in extract_python(fileobj, keywords, comment_tags, options):
        if funcname == "InvalidValue" and isinstance(messages, (list, tuple)):
            for part in list(messages)[:2]:
                yield lineno, funcname, (part,), comments  # its spec is (1,): one string each
        else:
            yield lineno, funcname, messages, comments


def _extract(template: Catalog, keywords: dict[str, Any]) -> None:
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE_DIR), method_map=[("**.py", f"{__name__}:extract_python_errors")], keywords=keywords,
        comment_tags=()
    ):
        if isinstance(message, tuple):
            if all(isinstance(part, str) and part for part in message):
                template.add(message, locations=[(filename, lineno)])
        elif isinstance(message, str) and message:
            template.add(message, locations=[(filename, lineno)])


def extract() -> Catalog:
    """Every translatable string in the package, with where it is used."""
    template = Catalog(project="facilitation")
    _extract(template, KEYWORDS)
    return template


def po_path(language: str, locale_dir: Path | None = None) -> Path:
    return (LOCALE_DIR if locale_dir is None else locale_dir) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue_languages(locale_dir: Path | None = None) -> tuple[str, ...]:
    """Every language with a ``.po`` file, English first."""
    base = LOCALE_DIR if locale_dir is None else locale_dir
    found = sorted(p.parent.parent.name for p in base.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE,) + tuple(code for code in found if code != SOURCE_LANGUAGE)


def load(language: str, locale_dir: Path | None = None) -> Catalog:
    path = po_path(language, locale_dir)
    if not path.exists():
        return Catalog(locale=language, project="facilitation")
    with path.open("rb") as fh:
        return read_po(fh, locale=language)


def is_translated(message: Message) -> bool:
    """A singular entry has its text; a plural one has every form of its language."""
    if isinstance(message.id, tuple):
        return isinstance(message.string, tuple) and bool(message.string) and all(message.string)
    return bool(message.string)


def save(catalog: Catalog, language: str, locale_dir: Path | None = None) -> None:
    """Write the ``.po`` and compile the ``.mo`` next to it."""
    path = po_path(language, locale_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, omit_header=False, sort_output=True, width=100, include_lineno=False)
    with path.with_suffix(".mo").open("wb") as fh:
        write_mo(fh, catalog)


def _normalise_plurals(catalog: Catalog) -> None:
    """Plural entries keep exactly the language's number of forms (missing ones empty)."""
    forms = catalog.num_plurals
    for message in catalog:
        if message.id and isinstance(message.id, tuple):
            current = message.string if isinstance(message.string, (tuple, list)) else (message.string or "",)
            message.string = tuple(list(current)[:forms] + [""] * (forms - len(current)))


def update(languages: Iterable[str] | None = None, locale_dir: Path | None = None) -> dict[str, list[str]]:
    """Merge new strings into every catalogue and compile; returns untranslated ids per language."""
    missing: dict[str, list[str]] = {}
    for language in languages or catalogue_languages(locale_dir):
        # A fresh template per language: Babel shares message objects with the template, so
        # filling English strings would otherwise leak into the next language's new entries.
        template = extract()
        catalog = load(language, locale_dir)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        _normalise_plurals(catalog)
        for message in catalog:
            if message.id and language == SOURCE_LANGUAGE:
                # English is the source: complete by construction (singular, plural).
                message.string = message.id
        missing[language] = [_key(m) for m in catalog if m.id and not is_translated(m)]
        save(catalog, language, locale_dir)
    return missing


def _key(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _problem(message: Message, value: Any, forms: int) -> str | None:
    """Why ``value`` cannot be the translation of ``message`` (None if it can)."""
    if isinstance(message.id, tuple):
        if not (isinstance(value, list) and len(value) == forms and all(isinstance(v, str) and v for v in value)):
            return f"needs a list of {forms} non-empty plural forms"
        allowed = _placeholders(message.id[0]) | _placeholders(message.id[1])
        if any(not _placeholders(v) <= allowed for v in value):
            return f"uses a placeholder the English does not have ({sorted(allowed)})"
        return None
    if not (isinstance(value, str) and value):
        return "needs a non-empty string"
    if _placeholders(value) != _placeholders(message.id):
        return f"must use the placeholders {sorted(_placeholders(message.id))}"
    return None


def fill(language: str, translations: dict[str, Any], *, overwrite: bool = False,
         locale_dir: Path | None = None) -> dict[str, list[str]]:
    """Merge ``translations`` into ``language``'s catalogue and compile it.

    Returns what happened: ``filled``, ``kept`` (already translated; see ``overwrite``),
    ``unknown`` (no such English string in the catalogue: run ``update`` first) and
    ``refused`` ("id: reason", e.g. a placeholder missing or the wrong number of forms).
    """
    catalog = load(language, locale_dir)
    forms = catalog.num_plurals
    report: dict[str, list[str]] = {"filled": [], "kept": [], "unknown": [], "refused": []}
    for source, value in translations.items():
        message = catalog.get(source) if isinstance(source, str) and source else None
        if message is None or not message.id:
            report["unknown"].append(str(source))
            continue
        if is_translated(message) and not overwrite:
            report["kept"].append(source)
            continue
        problem = _problem(message, value, forms)
        if problem:
            report["refused"].append(f"{source}: {problem}")
            continue
        message.string = tuple(value) if isinstance(message.id, tuple) else value
        message.flags.discard("fuzzy")
        report["filled"].append(source)
    save(catalog, language, locale_dir)
    return report


def init(language: str, locale_dir: Path | None = None) -> Path:
    """Start ``language``'s catalogue with every current string (untranslated) and compile it."""
    path = po_path(language, locale_dir)
    if not path.exists():
        save(Catalog(locale=language, project="facilitation"), language, locale_dir)
    update([language], locale_dir)
    return path


USAGE = ("usage: python -m facilitation.i18n.catalog update\n"
         "       python -m facilitation.i18n.catalog fill LANG FILE.json [--overwrite]\n"
         "       python -m facilitation.i18n.catalog init LANG")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["update"]:
        for language, ids in update().items():
            print(f"{language}: {len(ids)} untranslated" + "".join(f"\n  {i}" for i in ids[:50]))
        return 0
    if len(args) == 2 and args[0] == "init":
        print(f"created {init(args[1])}; translate it, then run update")
        return 0
    if len(args) in (3, 4) and args[0] == "fill" and args[3:] in ([], ["--overwrite"]):
        try:
            translations = json.loads(Path(args[2]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"cannot read {args[2]}: {exc}", file=sys.stderr)
            return 1
        if not isinstance(translations, dict):
            print(f"{args[2]} must hold one JSON object {{English: translation}}", file=sys.stderr)
            return 1
        report = fill(args[1], translations, overwrite=args[3:] == ["--overwrite"])
        print(f"{args[1]} from {args[2]}: " + ", ".join(f"{len(v)} {k}" for k, v in report.items()))
        for kind in ("unknown", "refused"):
            for item in report[kind][:30]:
                print(f"  {kind}: {item}")
        return 0
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())

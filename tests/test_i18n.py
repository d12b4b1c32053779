"""Every user-facing string is in the catalogues; English complete, Polish for what exists."""

from __future__ import annotations

import gettext

from facilitation.i18n import LANGUAGES, LOCALE_DIR, catalog, translator


def test_every_extracted_string_is_in_every_catalogue_and_translated():
    extracted = {catalog._key(m) for m in catalog.extract() if m.id}  # a plural entry by its singular
    assert extracted, "no translatable strings found"
    for language in LANGUAGES:
        entries = {catalog._key(m): catalog.is_translated(m) for m in catalog.load(language) if m.id}
        missing = sorted(extracted - set(entries))
        assert not missing, f"{language}: not in the catalogue (run make i18n): {missing[:10]}"
        untranslated = sorted(i for i in extracted if not entries[i])
        assert not untranslated, f"{language}: untranslated: {untranslated[:10]}"


def test_compiled_catalogues_match_the_po_files():
    for language in LANGUAGES:
        compiled = gettext.GNUTranslations(open(catalog.po_path(language).with_suffix(".mo"), "rb"))
        for message in catalog.load(language):
            if message.id and isinstance(message.id, tuple) and catalog.is_translated(message):
                assert compiled.ngettext(*message.id, 1) in message.string, f"{language}: {message.id[0]!r}: run make i18n"
            elif message.id and message.string:
                assert compiled.gettext(message.id) == message.string, (
                    f"{language}: {message.id!r} differs in the .mo; run make i18n")


def test_polish_is_really_polish_and_unknown_languages_fall_back():
    extracted = sorted(m.id for m in catalog.extract() if m.id and isinstance(m.id, str))
    pl = translator("pl")
    translated = [i for i in extracted if pl(i) != i]
    assert len(translated) >= 0.8 * len(extracted)
    en = translator("xx")
    assert all(en(i) == i for i in extracted[:20])
    assert LOCALE_DIR.is_dir()


def test_no_translated_string_hides_inside_an_f_string():
    """Babel cannot extract ``t("...")`` written inside an f-string (Python 3.11): such text
    would silently stay English."""
    import ast

    offenders = []
    for path in sorted(catalog.PACKAGE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and (
                            (isinstance(inner.func, ast.Name) and inner.func.id in catalog.KEYWORDS)
                            or (isinstance(inner.func, ast.Attribute) and inner.func.attr in catalog.KEYWORDS)):
                        offenders.append(f"{path.name}:{inner.lineno}")
    assert not offenders, f"t() inside f-strings: {offenders}"

"""Store errors in the page's language: the English sentence stays for logs and the command
line, a page shows the same refusal in its own language, and every error sentence is in the
catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from facilitation import store
from facilitation.domain.errors import InvalidValue, LimitReached, NotFound
from facilitation.i18n import LANGUAGES, catalog, translator
from facilitation.ui.kit.base import Notice, guarded, make_context
from facilitation.ui.pages.participant import ParticipantApp

from widgets import find

TOKENS = ("error-device-one-abcdefgh", "error-device-two-abcdefgh")


def _error_sentences() -> set[str]:
    """Every sentence (and InvalidValue field) given to a named error in the package."""
    template = Catalog()
    catalog._extract(template, {name: None for name in (*catalog.ERROR_CLASSES, "InvalidValue")})
    return {m.id for m in template if m.id}


def test_every_error_sentence_is_translated_in_every_catalogue():
    sentences = _error_sentences()
    assert "You have used all {budget} of your votes; withdraw one to move it." in sentences
    assert {"idea", "must be an idea number."} <= sentences  # InvalidValue: field and sentence
    for language in LANGUAGES:
        entries = {m.id: m.string for m in catalog.load(language) if m.id}
        missing = sorted(s for s in sentences if not entries.get(s))
        assert not missing, f"{language}: error sentences not translated: {missing[:10]}"


def test_no_error_sentence_is_an_f_string():
    """An f-string cannot be looked up in the catalogue: values go in as keywords."""
    import ast

    offenders = []
    for path in sorted(catalog.PACKAGE_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
                    node.func.id in catalog.ERROR_CLASSES or node.func.id == "InvalidValue"):
                index = 1 if node.func.id == "InvalidValue" else 0
                if len(node.args) > index and isinstance(node.args[index], ast.JoinedStr):
                    offenders.append(f"{path.relative_to(catalog.PACKAGE_DIR)}:{node.lineno}")
    assert not offenders, f"error sentences written as f-strings: {offenders}"


def test_an_error_keeps_english_for_logs_and_translates_for_pages():
    err = LimitReached("You have used all {budget} of your votes; withdraw one to move it.", budget=3)
    assert str(err) == "You have used all 3 of your votes; withdraw one to move it."
    polish = err.localized(translator("pl"))
    assert "3" in polish and polish != str(err)
    assert err.localized(translator("en")) == str(err)
    bad = InvalidValue("idea", "must be an idea number.")
    assert str(bad) == "idea: must be an idea number."
    assert bad.localized(translator("pl")) == "pomysł: musi być numerem pomysłu."
    # A sentence without values may hold braces: it is never formatted.
    assert str(NotFound("No {braces} here.")) == "No {braces} here."


def test_a_notice_shows_a_refusal_in_its_pages_language(db):
    def refuse():
        raise NotFound("There is no idea number {idea_id}.", idea_id=7)

    polish, english, plain = Notice(translator("pl")), Notice(translator("en")), Notice()
    for notice in (polish, english, plain):
        assert guarded(notice, refuse) is False
    assert "Nie ma pomysłu numer 7." in polish.value
    assert "There is no idea number 7." in english.value and "There is no idea number 7." in plain.value


def _page(db: store.Database, code: str, token: str, query: str = "") -> ParticipantApp:
    app = ParticipantApp(make_context(f"code={code}{query}", db=db))
    app.link.token = token
    if app.participant is None:
        app.join_button.click()
    return app


def _vote_on_first_card(app: ParticipantApp) -> str:
    app.host.view.refresh({"ideas", "votes", "phase"})
    find(app.root, "fk-idea-card")[0].vote_button.click()
    return find(app.root, "fk-notice")[0].value


@pytest.fixture
def polish_vote(db):
    """A Polish workshop in its vote step, one vote each, and an idea on the wall."""
    created = store.create_workshop(db, title="Zielone podwórka", city="Gdańsk", country="Poland", language="pl")
    code, key = created.workshop.code, created.key
    steps = [item.step for item in store.agenda(db, created.workshop.id)]
    store.set_vote_rules(db, code, key, vote_budget=1, votes_per_idea=1)
    store.set_phase(db, code, key, steps.index("brainstorm"))
    for token in TOKENS:
        store.join(db, code, token, "")
    store.add_idea(db, code, TOKENS[0], title="Drzewa", scale="small", driver="central")
    store.add_idea(db, code, TOKENS[0], title="Ławki", scale="small", driver="central")
    store.set_phase(db, code, key, steps.index("vote"))
    return db, code


def test_voting_over_budget_is_refused_in_polish_on_a_polish_page_and_in_english_on_an_english_one(polish_vote):
    db, code = polish_vote
    pl_page = _page(db, code, TOKENS[0])
    en_page = _page(db, code, TOKENS[1], "&lang=en")
    for page in (pl_page, en_page):
        assert "fk-notice-ok" in _vote_on_first_card(page)
    polish, english = _vote_on_first_card(pl_page), _vote_on_first_card(en_page)
    assert "fk-notice-error" in polish and "fk-notice-error" in english
    assert "Wykorzystano wszystkie Twoje głosy (limit: 1)" in polish, polish
    assert "You have used all 1 of your votes" in english, english


def test_catalogue_fill_refuses_wrong_forms_and_placeholders(tmp_path: Path):
    for language in ("en", "pl"):
        source = catalog.po_path(language)
        target = catalog.po_path(language, tmp_path)
        target.parent.mkdir(parents=True)
        target.write_bytes(source.read_bytes())
    pl = catalog.load("pl", tmp_path)
    plural = next(m for m in pl if m.id and isinstance(m.id, tuple))
    singular = next(m for m in pl if m.id and not isinstance(m.id, tuple) and "{n}" in m.id)
    report = catalog.fill("pl", {plural.id[0]: ["a", "b"], singular.id: "bez wartości",
                                 "No such English sentence": "x"}, overwrite=True, locale_dir=tmp_path)
    assert len(report["refused"]) == 2 and report["unknown"] == ["No such English sentence"]
    report = catalog.fill("pl", {plural.id[0]: ["{n} a", "{n} b", "{n} c"], singular.id: "Nowe {n}"},
                          locale_dir=tmp_path)
    assert sorted(report["kept"]) == sorted([plural.id[0], singular.id])  # filled already: not overwritten
    report = catalog.fill("pl", {plural.id[0]: ["{n} a", "{n} b", "{n} c"]}, overwrite=True, locale_dir=tmp_path)
    assert report["filled"] == [plural.id[0]]
    assert catalog.load("pl", tmp_path).get(plural.id[0]).string == ("{n} a", "{n} b", "{n} c")
    assert catalog.main(["fill", "pl", str(tmp_path / "missing.json")]) == 1
    assert catalog.main(["nonsense"]) == 2

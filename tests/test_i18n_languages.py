"""Languages beyond plurals: the language switch on the participant and review pages, a new
language added as a catalogue only, pseudonyms in the workshop's language, the command line."""

from __future__ import annotations

import shutil

import ipywidgets as widgets
import pytest

from facilitation import cli, i18n, store
from facilitation.domain import checks, pseudonyms
from facilitation.i18n import catalog, translator
from facilitation.ui.kit.base import make_context
from facilitation.ui.kit.language import ordered_languages
from facilitation.ui.pages.participant import ParticipantApp
from facilitation.ui.pages.review import ReviewApp

from widgets import find

TOKEN = "language-device-abcdefgh"


def text(root: widgets.Widget) -> str:
    """What the page shows: HTML values, button and field labels."""
    out = []

    def walk(w):
        for attr in ("value", "description"):
            value = getattr(w, attr, None)
            if isinstance(value, str):
                out.append(value)
        for child in getattr(w, "children", ()):
            walk(child)

    walk(root)
    return "\n".join(out)


def switch(root: widgets.Widget, code: str) -> widgets.Button:
    [box] = find(root, "fk-lang-switch")
    [button] = [b for b in box.children if f"fk-lang-{code}" in b._dom_classes]
    return button


@pytest.fixture
def polish_room(db):
    created = store.create_workshop(db, title="Zielone podwórka", city="Gdańsk", country="Poland", language="pl")
    return db, created.workshop.code, created.key, created.workshop.id


def _participant(db, code: str, query: str = "") -> ParticipantApp:
    app = ParticipantApp(make_context(f"code={code}{query}", db=db))
    app.link.token = TOKEN
    return app


def test_the_switch_lists_the_workshops_language_first():
    assert ordered_languages("pl", ("en", "pl")) == ["pl", "en"]
    assert ordered_languages("en", ("en", "pl")) == ["en", "pl"]
    assert ordered_languages("xx", ("en", "pl")) == ["en", "pl"]


def test_a_participant_switches_language_and_keeps_who_they_are_and_the_open_step(polish_room):
    db, code, key, wid = polish_room
    app = _participant(db, code)
    [box] = find(app.root, "fk-lang-switch")
    assert [b.description for b in box.children] == ["Polski", "English"]  # the workshop's language first
    assert "Dołącz do warsztatu" in text(app.root)
    switch(app.root, "en").click()
    assert "Join the workshop" in text(app.root) and "Dołącz do warsztatu" not in text(app.root)
    assert app.join()
    steps = [item.step for item in store.agenda(db, wid)]
    store.set_phase(db, code, key, steps.index("brainstorm"))
    app.feed.poll_once()
    store.add_idea(db, code, TOKEN, title="Drzewa przy szkole", scale="small", driver="central")
    app.feed.poll_once()
    who = find(app.root, "fk-whoami")[0].value
    english = text(app.root)
    assert "Drzewa przy szkole" in english and "You are" in who
    switch(app.root, "pl").click()
    polish = text(app.root)
    assert "Drzewa przy szkole" in polish, "the idea (in the store) shows again"
    assert translator("pl")("You are") in find(app.root, "fk-whoami")[0].value
    assert app.participant is not None and store.participant_for_token(db, code, TOKEN).id == app.participant.id
    assert "fk-lang-current" in switch(app.root, "pl")._dom_classes and switch(app.root, "pl").disabled
    assert not app.lang_switch.pick("xx")  # a forged language is ignored


def test_the_review_page_switches_language_and_keeps_its_filters(polish_room):
    db, code, key, _wid = polish_room
    app = ReviewApp(make_context(f"key={key}", db=db))
    assert "Workshop review" in text(app.root)
    app.f_city.value = "Gdańsk"
    switch(app.root, "pl").click()
    shown = text(app.page)
    assert "Workshop review" not in shown and translator("pl")("Workshop review") in shown
    [city] = [w for w in find(app.page, "fk-review-filter-city")]
    assert city.value == "Gdańsk"
    switch(app.page, "en").click()  # and back, from the rebuilt page's own switch
    assert "Workshop review" in text(app.page)


def test_a_review_link_with_lang_opens_in_that_language(polish_room):
    db, _code, key, _wid = polish_room
    app = ReviewApp(make_context(f"key={key}&lang=pl", db=db))
    assert translator("pl")("Workshop review") in text(app.root)
    assert "fk-lang-current" in switch(app.root, "pl")._dom_classes


def test_a_new_language_is_a_new_catalogue(polish_room, tmp_path, monkeypatch):
    """docs/languages.md: copy the catalogues, ``init`` German, translate, compile: the UI uses it."""
    for code in ("en", "pl"):
        shutil.copytree(i18n.LOCALE_DIR / code, tmp_path / code)
    catalog.init("de", tmp_path)
    report = catalog.fill("de", {"Join the workshop": "Am Workshop teilnehmen",
                                 "{n} vote left": ["{n} Stimme übrig", "{n} Stimmen übrig"]}, locale_dir=tmp_path)
    assert sorted(report["filled"]) == ["Join the workshop", "{n} vote left"]
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "LANGUAGES", i18n.available_languages(tmp_path))
    assert i18n.LANGUAGES == ("en", "de", "pl")
    t = translator("de")
    assert t("Join the workshop") == "Am Workshop teilnehmen"
    assert t.ngettext("{n} vote left", "{n} votes left", 3).format(n=3) == "3 Stimmen übrig"
    assert t("Welcome") == "Welcome"  # not translated yet: English
    db, code, _key, _wid = polish_room
    app = _participant(db, code, "&lang=de")
    assert "Am Workshop teilnehmen" in text(app.root)
    [box] = find(app.root, "fk-lang-switch")
    assert [b.description for b in box.children] == ["Polski", "English", "Deutsch"]
    switch(app.root, "pl").click()
    assert "Dołącz do warsztatu" in text(app.root)


def test_every_workshop_language_has_a_catalogue():
    # One list (facilitation.domain.languages) for the domain's checks and the translator.
    assert checks.LANGUAGES is i18n.LANGUAGES
    assert set(i18n.LANGUAGES) <= set(i18n.available_languages()) and i18n.LANGUAGES[0] == i18n.SOURCE_LANGUAGE


def test_pseudonyms_are_in_the_workshops_language_and_agree(polish_room, db):
    _db, code, _key, _wid = polish_room
    adjectives, nouns = pseudonyms.WORDS["pl"]
    assert len(adjectives) == len(checks._ADJECTIVES) and len(nouns) == len(checks._NOUNS)
    assert all(a.endswith(("y", "i")) for a in adjectives)  # masculine adjectives for masculine nouns
    polish = store.join(db, code, TOKEN, "").pseudonym
    adjective, noun, number = polish.split(" ")
    assert adjective in adjectives and noun in nouns and number.isdigit()
    english = store.create_workshop(db, title="Green squares", city="Leeds").workshop.code
    adjective, noun, _n = store.join(db, english, TOKEN + "-en", "").pseudonym.split(" ")
    assert adjective in checks._ADJECTIVES and noun in checks._NOUNS


def test_the_command_line_is_english_by_default_and_polish_with_lang(tmp_path, capsys):
    db = str(tmp_path / "cli.sqlite")
    assert cli.main(["--db", db, "new", "--title", "T", "--city", "C"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Join code: ") and "\nFacilitator key: " in out
    assert cli.main(["--db", db, "--lang", "pl", "new", "--title", "T", "--city", "C"]) == 0
    assert capsys.readouterr().out.startswith("Kod dołączenia: ")
    assert cli.main(["--db", db, "export", "NOPE99", "--to", str(tmp_path / "out")]) == 2
    assert "There is no workshop with the join code 'NOPE99'." in capsys.readouterr().err
    assert cli.main(["--db", db, "export", "NOPE99", "--to", str(tmp_path / "out"), "--lang", "pl"]) == 2
    assert "Nie ma warsztatu z kodem dołączenia 'NOPE99'." in capsys.readouterr().err

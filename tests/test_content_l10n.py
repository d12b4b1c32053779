"""Localised content (issue 16): the shipped agendas, criteria and demo in English and Polish; a Polish
workshop's step bar, calendar and country names in Polish; stored workshops keep their own text."""

from __future__ import annotations

from typing import Any, Iterator

import ipywidgets as widgets
import pytest
import yaml

from facilitation import store
from facilitation.demo import DEMO_FILE, in_language, load_demo
from facilitation.domain import steps
from facilitation.domain.errors import TemplateError
from facilitation.domain.gazetteer import country_name
from facilitation.outputs.programme_export import ics_bytes
from facilitation.store import agendas
from facilitation.ui.kit.base import make_context
from facilitation.ui.kit.shell import subtitle
from facilitation.ui.pages.participant import ParticipantApp

TOKEN = "content-l10n-device-abcdefgh"
TEXT_FIELDS = ("title", "description", "instruction", "name")  # the translatable keys of a template


def _texts(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every translatable value of a raw template with where it is (themes and the text fields)."""
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            if key in TEXT_FIELDS:
                yield where, value
            elif key == "themes":
                yield from ((f"{where}[{i}]", theme) for i, theme in enumerate(value or ()))
            else:
                yield from _texts(value, where)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{path}[{i}]")


@pytest.mark.parametrize("name", agendas.available())
def test_every_text_of_every_template_is_in_english_and_polish(name):
    raw = yaml.safe_load((agendas.TEMPLATE_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    texts = dict(_texts(raw))
    assert "title" in texts and any(k.startswith("agenda[") for k in texts)
    for where, value in texts.items():
        if where == "name":  # the template's file name, not shown text
            continue
        assert isinstance(value, dict) and set(value) == {"en", "pl"}, where
        assert value["en"].strip() and value["pl"].strip(), where
        assert value["pl"] != value["en"], where


@pytest.mark.parametrize("name", agendas.available())
def test_a_template_loads_in_polish_with_the_same_shape(name):
    en, pl = agendas.load(name, "en"), agendas.load(name, "pl")
    assert [(a.step, a.minutes) for a in pl.agenda] == [(a.step, a.minutes) for a in en.agenda]
    assert [(c.weight, c.direction, c.scale_min, c.scale_max) for c in pl.criteria] == [
        (c.weight, c.direction, c.scale_min, c.scale_max) for c in en.criteria]
    assert (pl.vote_budget, pl.votes_per_idea, len(pl.themes)) == (en.vote_budget, en.votes_per_idea, len(en.themes))
    pairs = [(pl.title, en.title), (pl.description, en.description)] + list(zip(pl.themes, en.themes)) + [
        (p.title, e.title) for p, e in zip(pl.agenda, en.agenda)] + [
        (p.name, e.name) for p, e in zip(pl.criteria, en.criteria)] + [
        (p.description, e.description) for p, e in zip(pl.criteria, en.criteria)]
    assert all(p and p != e for p, e in pairs), [x for x in pairs if not x[0] or x[0] == x[1]]
    assert agendas.load(name) == en


def test_polish_text_uses_the_catalogues_terms():
    tpl = agendas.load("city-two-rounds", "pl")
    titles = {a.step: a.title for a in tpl.agenda}
    assert "Burza mózgów" in titles["brainstorm"] and "interesariuszy" in titles["stakeholders"]
    assert titles["scoring"] == "Ocena wpływu" and titles["feedback"] == "Opinie"
    assert "Redukcja CO2" in [c.name for c in tpl.criteria]
    assert "rozwiązania oparte na przyrodzie" in tpl.themes


def test_a_language_without_text_falls_back_to_english_and_plain_text_still_loads(tmp_path):
    assert agendas.load("city-two-rounds", "de") == agendas.load("city-two-rounds", "en")
    path = tmp_path / "plain.yaml"
    path.write_text("name: plain\ntitle: Plain\nthemes: [water]\nagenda:\n  - {step: vote, minutes: 5, title: Vote}\n")
    assert agendas.load(path, "pl").agenda[0].title == "Vote" and agendas.load(path, "pl").themes == ("water",)
    path.write_text("name: x\nagenda:\n  - {step: vote, minutes: 5, title: {en: Vote, pl: [Głos]}}\n")
    with pytest.raises(TemplateError, match=r"field agenda\[0\]\.title: must be text, or one text per language"):
        agendas.load(path)
    path.write_text("name: x\nagenda:\n  - {step: vote, minutes: 5, title: {pl: Głosowanie}}\n")
    assert agendas.load(path, "en").agenda[0].title == "Głosowanie"  # the only text there is


@pytest.mark.parametrize("name", agendas.available())
def test_a_workshop_takes_its_languages_text_when_created(db, name):
    pl = store.create_workshop(db, title="Zielone podwórka", city="Gdańsk", language="pl", template=name).workshop
    en = store.create_workshop(db, title="Green yards", city="Gdansk", language="en", template=name).workshop
    want_pl, want_en = agendas.load(name, "pl"), agendas.load(name, "en")
    assert [i.title for i in store.agenda(db, pl.id)] == [a.title for a in want_pl.agenda]
    assert [i.title for i in store.agenda(db, en.id)] == [a.title for a in want_en.agenda]
    assert [c.name for c in store.list_criteria(db, pl.id)] == [c.name for c in want_pl.criteria]
    assert [c.description for c in store.list_criteria(db, pl.id)] == [c.description for c in want_pl.criteria]
    assert store.get_workshop(db, pl.code).themes == want_pl.themes
    assert store.get_workshop(db, en.code).themes == want_en.themes


def _widgets(root: widgets.Widget) -> list[widgets.Widget]:
    return [root] + [w for child in getattr(root, "children", ()) for w in _widgets(child)]


def _stepbar_on_the_participant_page(db, code: str, key: str, step: str, query: str = "") -> str:
    workshop = store.get_workshop(db, code)
    steps = [i.step for i in store.agenda(db, workshop.id)]
    store.set_phase(db, code, key, steps.index(step))
    app = ParticipantApp(make_context(f"code={code}{query}", db=db))
    app.link.token = TOKEN
    assert app.join()
    app.feed.poll_once()
    assert app.stepbar in _widgets(app.root)  # the bar the page shows, not a copy
    return app.stepbar.value


@pytest.mark.parametrize("name", agendas.available())
def test_the_step_bar_of_a_polish_workshop_is_polish(db, name):
    created = store.create_workshop(db, title="Zielone podwórka", city="Gdańsk", language="pl", template=name)
    code, key = created.workshop.code, created.key
    tpl_pl, tpl_en = agendas.load(name, "pl"), agendas.load(name, "en")
    numbered = [a for a in tpl_pl.agenda if steps.numbered(a.step)]
    # A meeting or a seminar has no brainstorm (issue 24): its first numbered step then.
    step = "brainstorm" if any(a.step == "brainstorm" for a in numbered) else numbered[0].step
    bar = _stepbar_on_the_participant_page(db, code, key, step)
    brainstorm = next(a for a in tpl_pl.agenda if a.step == step)
    english = next(a for a in tpl_en.agenda if a.step == step)
    n = [a.step for a in numbered].index(step) + 1
    assert f"Krok {n} z {len(numbered)}" in bar and brainstorm.title in bar
    assert english.title not in bar.replace(brainstorm.title, "")
    assert "Step " not in bar


def test_a_stored_workshop_keeps_its_own_titles(db):
    """Titles are data: an English workshop shown in Polish keeps them; only the frame is Polish."""
    created = store.create_workshop(db, title="Green yards", city="Gdansk", language="en")
    bar = _stepbar_on_the_participant_page(db, created.workshop.code, created.key, "brainstorm", "&lang=pl")
    assert "Brainstorm solutions" in bar and "Krok 2 z 7" in bar


def test_the_polish_demo_is_polish_and_the_english_one_stays_english(db):
    code_en, _ = load_demo(db)
    code_pl, key = load_demo(db, language="pl")
    assert (code_en, code_pl) == ("GDANSK", "GDANSKPL")
    en, pl = store.get_workshop(db, code_en), store.get_workshop(db, code_pl)
    assert (en.language, en.title) == ("en", "Green and blue city centre")
    assert (pl.language, pl.title, pl.city) == ("pl", "Zielone i niebieskie centrum miasta", "Gdańsk")
    assert [c.name for c in store.list_criteria(db, pl.id)][0] == "Redukcja CO2"
    assert store.agenda(db, pl.id)[2].title == "Burza mózgów nad rozwiązaniami"
    assert store.agenda(db, en.id)[2].title == "Brainstorm solutions"
    ideas = {i.title for i in store.list_ideas(db, pl.id)}
    assert "Odbetonować i zazielenić rynek" in ideas and "Depave and plant the market square" not in ideas
    assert store.get_challenge(db, pl.id).title.startswith("Za mało zielonej")
    counts = (len(ideas), store.participant_count(db, pl.id))
    assert load_demo(db, language="pl")[0] == "GDANSKPL"  # idempotent: nothing added
    assert (len(store.list_ideas(db, pl.id)), store.participant_count(db, pl.id)) == counts
    assert len(store.list_workshops(db)) == 2


def test_the_demo_file_has_every_text_in_both_languages():
    raw = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    english, polish = in_language(raw, "en"), in_language(raw, "pl")

    def leaves(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
        if isinstance(node, dict):
            for k, v in node.items():
                yield from leaves(v, f"{path}.{k}" if path else str(k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from leaves(v, f"{path}[{i}]")
        else:
            yield path, node

    en, pl = dict(leaves(english)), dict(leaves(polish))
    assert en.keys() == pl.keys()
    translated = [k for k in en if en[k] != pl[k]]
    assert len(translated) >= 40  # titles, notes, ideas, scenarios, stakeholders, feedback
    for key in ("workshop.title", "challenge.description", "ideas[0].title", "scenarios[1].narrative",
                "stakeholders[5].name", "feedback[0].take_home", "features[1].label"):
        assert key in translated and pl[key].strip(), key


def test_country_names_follow_the_workshops_language():
    assert [country_name(c, "pl") for c in ("Poland", "Austria", "Greece", "Bulgaria", "Germany")] == [
        "Polska", "Austria", "Grecja", "Bułgaria", "Niemcy"]
    assert country_name("PL", "en") == "Poland" and country_name("Poland", "en") == "Poland"
    assert country_name("Narnia", "pl") == "Narnia" and country_name("", "pl") == ""


def test_a_polish_workshops_header_names_its_country_in_polish(db):
    w = store.create_workshop(db, title="Z", city="Gdańsk", country="Poland", language="pl", date="2026-03-12").workshop
    assert subtitle(w) == "Gdańsk, Polska · 2026-03-12"
    assert store.get_workshop(db, w.code).country == "Poland"  # stored as given: converted when shown
    en = store.create_workshop(db, title="Z", city="Athens", country="Greece", language="en").workshop
    assert subtitle(en) == "Athens, Greece"


def test_a_polish_programmes_calendar_is_polish(db):
    from facilitation.demo_programmes import load_demo_programmes

    load_demo_programmes(db)
    polish = ics_bytes(db, "MULTIPLY – spotkania konsorcjum").decode().replace("\r\n ", "")
    assert "Kod dołączenia: " in polish and "Join code" not in polish
    assert "LOCATION:Kraków\\, Polska" in polish and "LOCATION:Radolfzell\\, Niemcy" in polish
    english = ics_bytes(db, "CoR–JASPERS local workshops on the EU Urban Agenda").decode().replace("\r\n ", "")
    assert "Join code: " in english and "LOCATION:Vienna\\, Austria" in english

"""Phones and Polish without a browser (issue 22, point 8): country and template names in the page's
language, the group picker only where picking makes sense, scenarios stacked for a phone.

The browser half (nothing cut off at 360 and 420 px) is tests/test_browser_overflow.py.
"""

from __future__ import annotations

from html import unescape

import pytest

from facilitation import store
from facilitation.domain.compare import summarise
from facilitation.domain.gazetteer import country_name, place_name
from facilitation.domain.groups import PICK_STEPS
from facilitation.domain.steps import STEPS
from facilitation.i18n import translator
from facilitation.ui.kit.base import make_context
from facilitation.ui.pages.console import ConsoleApp
from facilitation.ui.pages.organiser import OrganiserApp
from facilitation.ui.pages.participant import ParticipantApp
from facilitation.ui.steps.groups.badge import city_suffix
from facilitation.ui.steps.scenarios.markup import comparison_html

from conftest import TOKEN_A
from fixtures_ui import set_step, sync
from step_content import add_every_step
from widgets import find, text, walk


def header_text(app) -> str:
    return " ".join(text(w.value) for w in walk(app.header) if hasattr(w, "value") and isinstance(w.value, str))


@pytest.fixture
def radolfzell(db):
    """A Polish workshop in Germany (the country stored in English, as the create form stores it)."""
    created = store.create_workshop(db, title="Warsztat nad Jeziorem Bodeńskim", city="Radolfzell", country="Germany",
                                    language="pl", lat=47.74, lon=8.97)
    return created.workshop.code, created.key


def test_country_names_follow_the_language():
    assert country_name("Germany", "pl") == "Niemcy" and country_name("DE", "en") == "Germany"
    assert place_name("Radolfzell", "Germany", "pl") == "Radolfzell, Niemcy"
    assert place_name("Radolfzell", "Germany", "en") == "Radolfzell, Germany"
    assert place_name("Atlantis", "Nowhere land", "pl") == "Atlantis, Nowhere land"  # unknown: as typed
    assert place_name("", "", "pl") == ""


def test_the_participant_header_names_the_country_in_the_pages_language(db, radolfzell):
    code, _key = radolfzell
    app = ParticipantApp(make_context(f"code={code}", db=db))
    assert "Radolfzell, Niemcy" in header_text(app) and "Germany" not in header_text(app)
    app.switch_language("en")
    assert "Radolfzell, Germany" in header_text(app) and "Niemcy" not in header_text(app)
    assert app.header in app.root.children  # the new header is on the page, the old one gone
    app.close()


def test_the_console_header_names_the_country_in_the_pages_language(db, radolfzell):
    code, key = radolfzell
    polish = ConsoleApp(make_context(f"code={code}&key={key}", db=db))
    english = ConsoleApp(make_context(f"code={code}&key={key}&lang=en", db=db))
    texts = [" ".join(text(w.value) for w in walk(app.root) if "fk-header-main" in getattr(w, "_dom_classes", ()))
             for app in (polish, english)]
    assert "Radolfzell, Niemcy" in texts[0] and "Radolfzell, Germany" in texts[1]
    polish.close()
    english.close()


def test_the_organiser_page_lists_countries_and_template_names_in_its_language(db, radolfzell):
    key = store.issue_organiser_key(db, label="test")
    polish = OrganiserApp(make_context(f"key={key}&lang=pl", db=db), base="http://localhost:8866/")
    english = OrganiserApp(make_context(f"key={key}&lang=en", db=db), base="http://localhost:8866/")
    items = [" ".join(text(w.value) for w in walk(app.root) if "fk-workshop-info" in getattr(w, "_dom_classes", ()))
             for app in (polish, english)]
    assert "Radolfzell, Niemcy" in items[0] and "Radolfzell, Germany" in items[1]
    labels = [dict((name, label) for label, name in find(app.root, "fk-setup-template")[0].options)
              for app in (polish, english)]
    assert labels[0]["city-two-rounds"] == "Warsztat miejski w dwóch rundach"
    assert labels[1]["city-two-rounds"] == "City workshop in two rounds"
    assert store.templates("pl") != store.templates("en") and store.templates() == store.templates("en")


def test_the_group_picker_shows_only_where_picking_makes_sense(db, radolfzell):
    code, key = radolfzell
    first = store.create_group(db, code, key, name="Kościerzyna", city="Kościerzyna")
    store.create_group(db, code, key, name="Mińsk Mazowiecki", city="Mińsk Mazowiecki")
    store.set_group_picking(db, code, key, True)
    add_every_step(db, code, key)  # every kind of the registry is on the agenda
    app = ParticipantApp(make_context(f"code={code}", db=db))
    app.link.token = TOKEN_A
    app.join_button.click()
    assert app.participant is not None
    shown = {}
    for step in STEPS:  # every step of the registry, in the agenda's order
        set_step(db, code, key, step)
        sync(app)
        picker = app.groups.picker
        shown[step] = picker is not None and "fk-hidden" not in picker._dom_classes
    assert {step for step, on in shown.items() if on} == set(PICK_STEPS) & set(STEPS)
    assert not shown["closed"] and not shown["feedback"] and not shown["vote"]
    set_step(db, code, key, "waiting")
    sync(app)
    assert app.groups.pick.value in {g.id for g in store.list_groups(db, app.workshop.id)}  # never an empty box
    app.groups.pick.value = first.id
    assert app.groups.choose() is True  # where it shows, it works
    assert store.group_of(db, app.workshop.id, app.participant.id).id == first.id
    store.set_group_picking(db, code, key, False)
    sync(app)
    assert "fk-hidden" in app.groups.picker._dom_classes  # picking off: hidden on every step
    app.close()


def test_scenarios_are_stacked_for_a_phone_with_every_text_escaped(db, radolfzell):
    code, key = radolfzell
    for name in ("Zielone <b>korytarze</b>", "Śródmieście bez samochodów", "Niebiesko-zielona sieć"):
        store.save_scenario(db, code, key, name=name, narrative="Drzewa & cień")
    wid = store.get_workshop(db, code).id
    ideas = store.list_ideas(db, wid, facilitator=True, include_merged=True)
    summaries = [summarise(s, ideas) for s in store.list_scenarios(db, wid)]
    html = comparison_html(translator("pl"), summaries)
    stack = html.split('class="fk-compare-stack"', 1)[1]
    assert stack.count('class="fk-scenario-stack-card"') == 3  # A, B and C one under the other
    assert "Zielone &lt;b&gt;korytarze&lt;/b&gt;" in stack and "<b>korytarze" not in html
    assert "Drzewa &amp; cień" in stack
    assert [unescape(text(part.split("</h4>")[0])) for part in stack.split('<h4 class="fk-scenario-stack-title">')[1:]] == [
        "A Zielone <b>korytarze</b>", "B Śródmieście bez samochodów", "C Niebiesko-zielona sieć"]


def test_a_group_named_after_its_city_is_named_once(db, radolfzell):
    code, key = radolfzell
    same = store.create_group(db, code, key, name="Kościerzyna", city="Kościerzyna")
    other = store.create_group(db, code, key, name="Jeziora", city="Kościerzyna")
    assert city_suffix(same, "Kościerzyna") == "" and city_suffix(other, "Jeziora") == " · Kościerzyna"
    store.set_group_picking(db, code, key, True)
    app = ParticipantApp(make_context(f"code={code}", db=db))
    app.link.token = TOKEN_A
    app.join_button.click()
    store.move_participant(db, code, key, app.participant.id, same.id)
    sync(app)
    assert text(app.groups.chip.value).count("Kościerzyna") == 1
    assert [label.split(" (")[0] for label, _id in app.groups.pick.options] == ["Kościerzyna", "Jeziora · Kościerzyna"]
    app.close()


def test_programme_cards_name_the_country_in_the_pages_language(db):
    from facilitation.ui.pages.programme.calendar import _row_html
    from facilitation.ui.pages.programme.workshops import card_html

    org = store.issue_organiser_key(db, "tests")
    store.create_programme(db, org, name="Jezioro", language="pl")
    store.create_workshop(db, title="Radolfzell", city="Radolfzell", country="Germany", programme="Jezioro")
    (row,) = store.programme_workshops(db, "Jezioro")
    for language, country in (("pl", "Niemcy"), ("en", "Germany")):
        t = translator(language)
        assert f"Radolfzell, {country}" in text(card_html(t, row, org))
        assert f"Radolfzell, {country}" in text(_row_html(t, row))


def test_the_report_names_the_country_in_the_workshops_language(db, radolfzell, tmp_path):
    from facilitation.outputs.export import export_workshop

    code, _key = radolfzell
    export_workshop(db, code, tmp_path)
    assert "Radolfzell, Niemcy" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_the_plenary_names_a_group_called_after_its_city_once(db, radolfzell):
    from facilitation.ui.steps.groups.compare import group_column_html

    code, key = radolfzell
    store.create_group(db, code, key, name="Kościerzyna", city="Kościerzyna")
    store.create_group(db, code, key, name="Jeziora", city="Kościerzyna")
    columns = [text(group_column_html(translator("pl"), s)) for s in store.group_summaries(db, code, key)]
    assert columns[0].count("Kościerzyna") == 1 and columns[1].count("Kościerzyna") == 1 and "Jeziora" in columns[1]


def test_a_polish_organiser_picks_and_types_countries_in_polish(db):
    key = store.issue_organiser_key(db, label="test")
    app = OrganiserApp(make_context(f"key={key}&lang=pl", db=db), base="http://localhost:8866/")
    city = find(app.root, "fk-setup-city")[0]
    country = find(app.root, "fk-setup-country")[0]
    city.value = "Radolfzell"
    assert "Niemcy" in country.options and "Germany" not in country.options
    assert country.value == "Niemcy"  # filled from the place list, in the page's language
    assert "Radolfzell, Niemcy" in text(find(app.root, "fk-setup-place")[0].value)
    # A country typed in Polish is recognised (map centre, and named in English on an English page).
    assert place_name("Radolfzell", "Niemcy", "en") == "Radolfzell, Germany"

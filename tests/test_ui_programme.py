"""The programme view: organiser key only; calendar by phase, venues (map markers and a text list),
workshop cards with outputs, materials and meeting record, participation, quotes by city, the
practice library; the programme's language; a picker when there are several."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conftest import TOKEN_A, TOKEN_B
from facilitation import store
from fixtures_ui import context
from facilitation.ui.pages.programme import ProgrammeApp
from facilitation.ui.pages.programme.calendar import when_text
from test_ui_materials import PDF, ask, capture
from test_ui_meeting import rows_with
from test_request_states import Kernel, left_open, watch  # noqa: F401, F811 - watch is a fixture

XSS = "<script>alert(1)</script>"


@dataclass
class World:
    db: store.Database
    org: str
    city_code: str
    city_key: str
    meeting_code: str
    meeting_key: str


def build_programme(db: store.Database, *, name: str = "Green cities", language: str = "en",
                    description: str = "Four cities learn from each other.", tokens: tuple[str, str] = (TOKEN_A, TOKEN_B)
                    ) -> World:
    """A programme with two phases, a city workshop in Gdansk (a material, feedback) and an online
    partner meeting (a meeting record), two practices in the library."""
    org = store.issue_organiser_key(db, "tests")
    store.create_programme(db, org, name=name, description=description, language=language, themes=("green",),
                           organisers=("City office",), hosts=("Gdansk",))
    store.add_phase(db, org, name, name="Onboarding", starts_on="2026-03-01", ends_on="2026-03-31")
    store.add_phase(db, org, name, name="Learning", starts_on="2026-04-01")
    city = store.create_workshop(db, title="Kick-off in Gdansk", city="Gdansk", country="Poland", date="2026-03-10",
                                 programme=name)
    hall = store.add_venue(db, org, name="City hall", city="Gdansk", country="Poland", lat=54.352, lon=18.646)
    store.assign_workshop(db, org, city.workshop.code, programme=name, phase="Onboarding", kind="city-workshop",
                          venue_id=hall.id, end_date="2026-03-11")
    meeting = store.create_workshop(db, title="Partner call", city="Online", date="2026-04-02", programme=name)
    call = store.add_venue(db, org, name="Video call", url="https://meet.example.org/green")
    store.assign_workshop(db, org, meeting.workshop.code, programme=name, phase="Learning", kind="partner-meeting",
                          venue_id=call.id)
    store.add_material(db, city.workshop.code, city.key, filename="slides.pdf", data=PDF, title="Opening slides")
    item = store.add_meeting_item(db, meeting.workshop.code, meeting.key, topic="Next steps")
    store.add_action(db, meeting.workshop.code, meeting.key, text="Book the hall", owner="Anna", item_id=item.id)
    store.join(db, city.workshop.code, tokens[0], "Ana")
    store.join(db, city.workshop.code, tokens[1], "Bo")
    store.submit_feedback(db, city.workshop.code, tokens[0], rating=5, take_home="More trees on every street")
    # The library is one for the whole database: a browser test's server shares it between modules.
    have = {(p.title, p.city) for p in store.search_practices(db)}
    for title, place, extra in (("Rain gardens", "Gdansk", dict(link="https://example.org/rain",
                                                               lesson="Start with one street.", themes=("water",))),
                               ("Green roofs", "Vienna", dict(lesson="Subsidise them.", themes=("green",)))):
        if (title, place) not in have:
            store.add_practice(db, org, title=title, city=place, **extra)
    return World(db, org, city.workshop.code, city.key, meeting.workshop.code, meeting.key)


def open_page(db: store.Database, key: str | None, **query: str) -> ProgrammeApp:
    return ProgrammeApp(context(db, "", key=key, query={k: v for k, v in {"key": key, **query}.items() if v}))


def test_only_an_organiser_key_opens_it(db):
    world = build_programme(db)
    for key in (None, "", world.city_key, "x" * 40):
        page = open_page(db, key)
        assert "fk-programme-locked" in page.root._dom_classes
    assert "fk-programme" in open_page(db, world.org).root._dom_classes


def test_without_programmes_it_says_so(db):
    org = store.issue_organiser_key(db)
    page = open_page(db, org)
    assert "No programmes yet" in page.root.children[1].children[0].value


def test_calendar_by_phase_with_dates_kind_venue_status(db):
    world = build_programme(db)
    page = open_page(db, world.org)
    cal = page.calendar.value
    assert "fk-programme-calendar" in page.calendar._dom_classes
    assert cal.index("Onboarding") < cal.index("Kick-off in Gdansk") < cal.index("Learning") < cal.index("Partner call")
    assert "2026-03-10 – 2026-03-11" in cal and "2026-04-02" in cal
    assert "City workshop" in cal and "Partner meeting" in cal and "City hall, Gdansk" in cal
    assert "Video call · Online" in cal and "Finished" in cal  # both dates are past


def test_venues_on_the_map_and_as_text(db):
    world = build_programme(db)
    page = open_page(db, world.org)
    assert "fk-programme-map" in page.venues.root._dom_classes
    assert len(page.venues.markers) == 2  # the hall: a dot and its label; the call has no place
    dot = page.venues.markers[0]
    assert abs(dot.location[0] - 54.35) < 0.1 and abs(dot.location[1] - 18.65) < 0.1
    listing = page.venues.listing.value
    assert "City hall" in listing and 'href="https://meet.example.org/green"' in listing and "Online" in listing


def test_workshop_cards_status_outputs_materials_record_links(db):
    world = build_programme(db)
    page = open_page(db, world.org)
    cards = rows_with(page.workshops.root, "fk-programme-workshop")
    assert len(cards) == 2
    head = page.workshops.root.children[0].children[0].value
    assert "Kick-off in Gdansk" in head and 'fk-programme-count fk-n">2<' in head  # two participants
    assert f"code={world.city_code}" in head and "review.ipynb" in head
    assert f"facilitation export {world.city_code}" in head
    files = page.workshops.materials[0]
    assert [i["title"] for i in files.links.items] == ["Agenda (printable)", "Opening slides"]
    sent = capture(files.links)
    ask(files.links, files.links.items[1]["id"])  # the organiser downloads with the organiser key
    assert sent[0][1] == [PDF]
    record = page.workshops.root.children[1].children[-1].value
    assert "Next steps" in record and "Book the hall" in record and "fk-action-item" in record


def test_participation_quotes_and_practices(db):
    world = build_programme(db)
    page = open_page(db, world.org)
    assert 'fk-programme-count fk-n">2<' in page.participation.value  # two people, none recognised twice
    assert "Gdansk" in page.quotes.value and "More trees on every street" in page.quotes.value
    lib = page.practices
    assert "Rain gardens" in lib.results.value and "Green roofs" in lib.results.value
    lib.query.value = "rain"
    assert "Rain gardens" in lib.results.value and "Green roofs" not in lib.results.value
    assert 'href="https://example.org/rain"' in lib.results.value and "Start with one street." in lib.results.value
    lib.query.value = ""
    lib.theme.value = "green"
    assert "Green roofs" in lib.results.value and "Rain gardens" not in lib.results.value
    assert lib.harvest() and "fk-notice-ok" in lib.notice.value


def test_the_page_speaks_the_programmes_language_and_picks(db):
    world = build_programme(db)
    store.create_programme(db, world.org, name="Spotkania konsorcjum", language="pl")
    page = open_page(db, world.org)
    assert "fk-hidden" not in page.picker._dom_classes  # two programmes: a picker
    assert page.name == "Green cities" and page.t("Workshops") == "Workshops"
    page.picker.value = "Spotkania konsorcjum"
    assert page.name == "Spotkania konsorcjum" and page.t("Workshops") == "Warsztaty"
    assert page.picker.description == "Program"
    direct = open_page(db, world.org, programme="Spotkania konsorcjum")
    assert direct.name == "Spotkania konsorcjum"
    assert open_page(db, world.org, programme="No such").name == "Green cities"
    assert open_page(db, world.org, programme="Spotkania konsorcjum", lang="en").t("Workshops") == "Workshops"


def test_user_text_is_escaped(db):
    world = build_programme(db, description=XSS)
    store.create_workshop(db, title=XSS, city="Sofia", date="2026-05-01", programme="Green cities")
    page = open_page(db, world.org)
    everything = "".join(w.value for w in _html_widgets(page.root))
    assert XSS not in everything and "&lt;script&gt;" in everything


def _html_widgets(root) -> list:
    out, todo = [], [root]
    while todo:
        w = todo.pop()
        if isinstance(getattr(w, "value", None), str) and "HTML" in type(w).__name__:
            out.append(w)
        todo.extend(getattr(w, "children", ()))
    return out


@pytest.mark.parametrize("start, end, text", [(None, None, ""), ("2026-01-02", None, "2026-01-02"),
                                              ("2026-01-02", "2026-01-02", "2026-01-02"),
                                              ("2026-01-02", "2026-01-04", "2026-01-02 – 2026-01-04")])
def test_when_text(start, end, text):
    from datetime import date
    assert when_text(start and date.fromisoformat(start), end and date.fromisoformat(end)) == text


def test_the_programme_page_answers_request_states(db, watch):  # noqa: F811 - the imported fixture
    """Every widget state the browser may ask for resolves, after picking another programme too,
    and closing the page leaves no widget open (the map, the anywidget lists and their parts)."""
    world = build_programme(db)
    store.create_programme(db, world.org, name="Spotkania konsorcjum", language="pl")
    kernel = Kernel("programme", watch)
    page = open_page(db, world.org)
    kernel.ask("as built")
    page.practices.query.value = "rain"
    kernel.ask("after a search")
    page.picker.value = "Spotkania konsorcjum"
    kernel.ask("after picking another programme")
    page.picker.value = "Green cities"
    kernel.ask("after picking the first again")
    page.close()
    kernel.ask("after the page closed")
    assert left_open() == [], "closing the page leaves widgets open"


def test_the_review_offers_the_programme_view_to_organisers_only(db):
    from facilitation.i18n import translator
    from facilitation.ui.pages.programme.links import programme_link_html

    world = build_programme(db)
    t = translator("en")
    link = programme_link_html(t, db, ["not-a-key", world.org])
    assert "programme.ipynb?key=" in link and "fk-programme-link" in link
    assert programme_link_html(t, db, [world.city_key]) == ""

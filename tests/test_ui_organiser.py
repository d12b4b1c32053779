"""The organiser page without a browser: refused without the organiser key; lists workshops;
creates one from the form (links, QR code, editor); forged values refused by the store."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitation import store
from facilitation.ui.kit.base import make_context
from facilitation.ui.pages.organiser import OrganiserApp

from test_request_states import watch  # noqa: F401 (the fixture: only this test's widgets exist)
from widgets import find, text, walk

BASE = "http://host:8866/"
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def organiser_key(db) -> str:
    return store.issue_organiser_key(db, label="test")


def page(db, key: str | None, lang: str = "") -> OrganiserApp:
    query = "&".join(p for p in (f"key={key}" if key is not None else "", f"lang={lang}" if lang else "") if p)
    return OrganiserApp(make_context(query, db=db), base=BASE)


def one(root, cls: str):
    found = find(root, cls)
    assert len(found) == 1, f"{cls}: {len(found)} found"
    return found[0]


def fill(app: OrganiserApp, **values) -> None:
    form = app.form
    form.title.value = values.get("title", "Blue and green Gdańsk")
    form.city.value = values.get("city", "Gdańsk")
    form.country.value = values.get("country", "")
    form.language.value = values.get("language", "en")
    form.date.value = values.get("date", dt.date(2027, 3, 14))
    form.venue.value = values.get("venue", "Town hall, room 2")
    if "template" in values:
        form.template.value = values["template"]


def test_refused_without_a_valid_organiser_key(db, workshop, organiser_key):
    for key in (None, "", "not-an-organiser-key-at-all-000000", workshop.key):
        app = page(workshop.db, key)
        assert "fk-organiser-locked" in app.root._dom_classes, key
        assert not find(app.root, "fk-setup-create") and not find(app.root, "fk-workshop-item")
        assert app.start() is False
    polite = "".join(getattr(w, "value", "") for w in walk(page(db, None).root))
    assert "organiser" in polite and workshop.code not in polite and "Green and blue" not in polite


def test_lists_the_workshops_with_their_links(db, workshop, organiser_key):
    app = page(db, organiser_key)
    items = find(app.root, "fk-workshop-item")
    assert len(items) == 1
    html = items[0].children[0].value
    assert "Green and blue centre" in html and "Gdansk" in html and workshop.code in html
    # The console link carries a co-facilitator key derived from the organiser key, never the organiser key (issue 23).
    import re

    console_key = re.search(rf"facilitator\.ipynb\?code={workshop.code}&amp;key=([\w-]+)", html)[1]
    assert organiser_key not in html and store.key_role(db, workshop.code, console_key) == "co-facilitator"


def test_create_a_workshop(db, organiser_key):
    app = page(db, organiser_key)
    templates = dict(store.templates())
    assert set(one(app.root, "fk-setup-template").options) == {(title, name) for name, title in templates.items()}
    fill(app, title="Blue and green Gdańsk", city="Gdańsk", language="pl", template="brainstorm-only")
    one(app.root, "fk-setup-create").click()
    assert "fk-notice-ok" in app.form.notice.value, app.form.notice.value
    created = [w for w in store.list_workshops(db) if w.title == "Blue and green Gdańsk"]
    assert len(created) == 1
    w = created[0]
    assert (w.city, w.language, w.template, w.date) == ("Gdańsk", "pl", "brainstorm-only", dt.date(2027, 3, 14))
    assert w.country == "Poland"  # filled from the gazetteer when the city was typed
    assert abs(w.lat - 54.35) < 0.1 and abs(w.lon - 18.65) < 0.1  # the map opens on the city
    # the links: participant link and QR, and the console with the workshop's own key
    join = text(one(app.root, "fk-join-url").value)
    assert join == f"{BASE}voila/render/participant.ipynb?code={w.code}"
    assert bytes(one(app.root, "fk-join-qr").value).startswith(b"\x89PNG")
    assert "fk-hidden" not in app.links.root._dom_classes
    console = app.links.console.value
    key = console.split("key=", 1)[1].split('"', 1)[0]
    assert store.key_role(db, w.code, key) == "facilitator"
    # the list has it, and its editor is open below
    assert w.code in "".join(i.children[0].value for i in find(app.root, "fk-workshop-item"))
    assert len(find(app.root, "fk-agenda-item")) == len(store.agenda(db, w.id))
    assert find(app.root, "fk-settings-editor") and find(app.root, "fk-roles-panel")


def test_edit_a_two_step_agenda_in_the_page(db, organiser_key):
    app = page(db, organiser_key)
    fill(app, title="Two steps only")
    one(app.root, "fk-setup-create").click()
    w = next(w for w in store.list_workshops(db) if w.title == "Two steps only")
    # keep the welcome and the brainstorm: remove every other row from the bottom up
    while len(store.agenda(db, w.id)) > 2:
        items = store.agenda(db, w.id)
        index = next(i for i in range(len(items) - 1, 0, -1) if items[i].step != "brainstorm")
        find(find(app.root, "fk-agenda-item")[index], "fk-agenda-remove")[0].click()
        assert "fk-notice-ok" in app.agenda.notice.value, app.agenda.notice.value
    assert [i.step for i in store.agenda(db, w.id)] == ["waiting", "brainstorm"]
    assert len(find(app.root, "fk-agenda-item")) == 2


def test_forged_values_are_refused(db, organiser_key):
    from facilitation.domain.errors import FacilitationError

    app = page(db, organiser_key)
    n = len(store.list_workshops(db))
    for forged in ({"title": ""}, {"title": XSS * 40}, {"city": ""}):
        fill(app, **forged)
        app.form.create()
        assert "fk-notice-error" in app.form.notice.value, forged
        assert len(store.list_workshops(db)) == n, forged
    # a select sends an index, never a value: what it could not send is checked by the store itself
    for forged in ({"language": "xx"}, {"template": "no-such-template"}):
        with pytest.raises(FacilitationError):
            store.create_workshop_as_organiser(db, organiser_key, title="Forged", city="Gdansk", **forged)
    assert len(store.list_workshops(db)) == n


def test_a_revoked_organiser_key_stops_at_once(db, organiser_key):
    app = page(db, organiser_key)
    store.revoke_organiser_keys(db)
    fill(app, title="Too late")
    one(app.root, "fk-setup-create").click()
    assert "fk-notice-error" in app.form.notice.value
    assert not [w for w in store.list_workshops(db) if w.title == "Too late"]


def test_city_suggestions_and_the_map_hint(db, organiser_key):
    app = page(db, organiser_key)
    app.form.city.value = "Gdan"
    assert "Gdańsk" in app.form.city.options
    app.form.city.value = "Gdańsk"
    assert app.form.country.value == "Poland"
    assert "Gdańsk" in app.form.place.value
    app.form.city.value = "Nowhere-on-earth"
    assert "fk-chip-warn" in app.form.place.value


def test_edit_opens_a_listed_workshop(db, workshop, organiser_key):
    app = page(db, organiser_key)
    one(app.root, "fk-workshop-edit").click()
    assert len(find(app.root, "fk-agenda-item")) == len(store.agenda(db, workshop.id))
    assert "Green and blue centre" in app.editor_head.value
    # a change made elsewhere reaches the open editor through the feed
    store.update_agenda_item(db, workshop.code, workshop.key, store.agenda(db, workshop.id)[1].position,
                             title="Renamed in the console")
    app.feed.poll_once()
    assert find(find(app.root, "fk-agenda-item")[1], "fk-agenda-title")[0].value == "Renamed in the console"


def test_titles_are_escaped_in_the_list(db, organiser_key):
    store.create_workshop(db, title=XSS, city="Gdansk")
    app = page(db, organiser_key)
    html = "".join(i.children[0].value for i in find(app.root, "fk-workshop-item"))
    assert "<img" not in html and "&lt;img" in html


def test_the_page_answers_request_states(db, workshop, organiser_key, watch):
    """A reconnecting browser asks for every widget's state: it must work after each change."""
    from test_request_states import Kernel, left_open

    kernel = Kernel("organiser", watch)
    app = page(db, organiser_key)
    kernel.ask("as built")
    fill(app, title="Asked again and again")
    app.form.create()
    kernel.ask("after creating a workshop")
    rows = find(app.root, "fk-agenda-item")
    find(rows[-1], "fk-agenda-remove")[0].click()
    kernel.ask("after removing an agenda row")
    app.roles.issue("expert")
    kernel.ask("after issuing a role link")
    find(app.root, "fk-workshop-edit")[-1].click()
    kernel.ask("after opening another workshop's editor")
    app.close()
    kernel.ask("after the page closed")
    assert left_open() == [], "closing the page leaves widgets open"


@pytest.mark.slow
def test_serve_prints_the_organiser_link_once(tmp_path):
    """``facilitation serve`` prints ``Organiser link: URL`` once, with a key the store knows."""
    import urllib.request

    from tests.serving import ServeRun

    run = ServeRun.start(tmp_path / "room.sqlite", "--expected", "1")
    try:
        lines = [line for line in run.out if line.startswith("Organiser link: ")]
        assert len(lines) == 1
        url = run.link("Organiser")
        assert url.startswith(f"{run.base}voila/render/organiser.ipynb?key=")
        with store.Database(tmp_path / "room.sqlite") as db:
            assert store.is_organiser(db, url.rsplit("key=", 1)[1])
        with urllib.request.urlopen(url, timeout=120) as response:  # the page is served with its stylesheet
            assert response.status == 200 and b"static/setup.css" in response.read()
    finally:
        run.stop()


def test_the_header_links_to_the_review_and_to_programmes_once_there_are_some(db, workshop, organiser_key):
    nav = one(page(db, organiser_key).root, "fk-organiser-nav").value
    assert f"review.ipynb?key={organiser_key}" in nav and "fk-programme-link" not in nav
    store.create_programme(db, organiser_key, name="Peer cities")
    nav = one(page(db, organiser_key).root, "fk-organiser-nav").value
    assert f"programme.ipynb?key={organiser_key}" in nav
    # The review opens with the stored organiser key (no environment key needed).
    from facilitation.ui.pages.review import accessible_workshops

    assert [w.code for w in accessible_workshops(db, [organiser_key])] == [workshop.code]


def test_a_country_in_the_pages_language_is_stored_by_its_english_name(db, organiser_key):
    """The Polish page offers "Polska"; the workshop keeps "Poland", as the CLI and the exports name it
    (pages show it back in their own language). An unknown country stays as typed."""
    from facilitation.ui.kit.base import make_context

    app = OrganiserApp(make_context(f"key={organiser_key}&lang=pl", db=db))
    fill(app, title="Zielony Kraków", city="Kraków", country="Polska", language="pl")
    one(app.root, "fk-setup-create").click()
    fill(app, title="Atlantis", city="Poseidonia", country="Atlantyda", language="pl")
    one(app.root, "fk-setup-create").click()
    stored = {w.title: w.country for w in store.list_workshops(db)}
    assert stored["Zielony Kraków"] == "Poland" and stored["Atlantis"] == "Atlantyda"

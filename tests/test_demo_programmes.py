"""The demo programmes from the seeds: what they hold, that nothing is invented, and that loading is idempotent."""

from __future__ import annotations

from datetime import date
from typing import Iterator

import pytest
import yaml

from facilitation import store
from facilitation.demo import load_demo
from facilitation.demo_programmes import demo_files, load_demo_programmes

SAMPLE_MARKS = ("PRZYKŁAD", "SAMPLE")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[store.Database]:
    """One database with the demo loaded, shared by the tests that only read it (loading takes seconds)."""
    with store.Database(tmp_path_factory.mktemp("demo") / "demo.sqlite") as db:
        load_demo(db, programmes=True)
        yield db


def test_three_programmes_beside_the_demo_workshop_and_a_second_load_adds_nothing(loaded) -> None:
    names = [p.name for p in store.list_programmes(loaded)]
    assert len(names) == 4 and len(store.list_workshops(loaded)) == 1 + 4 + 7 + 10
    assert load_demo_programmes(loaded) == []
    load_demo(loaded, programmes=True)
    assert [p.name for p in store.list_programmes(loaded)] == names
    assert len(store.list_workshops(loaded)) == 22


def test_the_plain_demo_loads_no_programmes(db) -> None:
    load_demo(db)
    assert len(store.list_workshops(db)) == 1


def test_consortium_meetings_are_in_polish_with_their_places_and_days(loaded) -> None:
    p = store.get_programme(loaded, "MULTIPLY – spotkania konsorcjum")
    entries = store.programme_workshops(loaded, p.name)
    assert p.language == "pl" and all(e.workshop.language == "pl" for e in entries)
    assert {e.kind for e in entries} == {"partner-meeting"}
    days = [(e.workshop.date, e.last_day, e.venue.city or e.venue.name) for e in entries]
    assert days == [
        (date(2019, 1, 24), date(2019, 1, 25), "Radolfzell"), (date(2019, 9, 30), date(2019, 10, 1), "Kraków"),
        (date(2020, 3, 13), date(2020, 3, 13), "Spotkanie on-line"),
        (date(2020, 10, 14), date(2020, 10, 15), "Spotkanie on-line"),
        (date(2021, 5, 21), date(2021, 5, 21), "Spotkanie on-line"),
        (date(2022, 3, 6), date(2022, 3, 6), "Spotkanie on-line"), (date(2022, 5, 31), date(2022, 5, 31), "Helsingborg")]
    assert [f.name for f in p.phases] == ["Spotkania stacjonarne 2019", "Spotkania on-line 2020–2022",
                                          "Spotkanie końcowe"]
    assert all(store.meeting(loaded, e.workshop.code) for e in entries)


def test_cohort_has_three_phases_and_sessions_led_by_the_named_cities(loaded) -> None:
    name = "Online Discussion Groups – Cohort 1"
    p = store.get_programme(loaded, name)
    assert [f.name for f in p.phases] == ["Onboarding", "Learn from actionable climate solutions from Mission Cities",
                                          "Problem-solving technical sessions"]
    thematic = [e.workshop.city for e in store.programme_workshops(loaded, name) if e.kind == "thematic-session"]
    assert thematic == ["Guimarães", "Mannheim, Valencia", "Aachen, Umeå", "Stockholm, Aachen", "Lahti, Leuven"]
    quotes = store.feedback_quotes(loaded, name)
    assert [q.city for q in quotes] == ["Trușeni", "Valongo"]
    assert "Climate Action Plan" in quotes[1].text


def test_series_venues_come_from_the_gazetteer(loaded) -> None:
    venues = store.list_venues(loaded, "CoR–JASPERS local workshops on the EU Urban Agenda")
    assert [v.city for v in venues] == ["Vienna", "Gdansk", "Athens", "Sofia"]
    assert all(v.lat is not None and v.lon is not None for v in venues)
    assert [m.filename for m in store.list_materials(loaded, store.programme_workshops(
        loaded, "CoR–JASPERS local workshops on the EU Urban Agenda")[0].workshop.code)] == ["about-the-series.md"]


def test_no_outcomes_are_invented(loaded) -> None:
    for p in store.list_programmes(loaded):
        if p.name == "Integrated urban planning exchange":  # the demo workshop's own sample programme
            continue
        for e in store.programme_workshops(loaded, p.name):
            assert (e.participants, e.ideas, e.votes) == (0, 0, 0)
            assert store.list_feedback(loaded, e.workshop.id) == []
        for action in store.list_actions(loaded, programme=p.name):
            assert action.text.upper().startswith(SAMPLE_MARKS)


def test_every_file_names_its_seed_and_dates_parse() -> None:
    files = demo_files()
    assert len(files) == 3
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# Seed "), path.name
        data = yaml.safe_load(text)
        for w in data["workshops"]:
            assert w.get("date") is None or isinstance(w["date"], date)

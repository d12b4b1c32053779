"""The practice library (issue 22, point 7): add and edit, merged gathering, own themes, search everywhere.

Runs on SQLite and PostgreSQL (BOTH_BACKENDS in conftest.py).
"""

from __future__ import annotations

import pytest
from conftest import TOKEN_A

from facilitation import store
from facilitation.domain.errors import InvalidValue, NotAllowed
from facilitation.domain.programmes import Practice
from facilitation.store.practices import normalised, same_practice

SERIES = "Nature-based solutions"


@pytest.fixture
def org(db: store.Database) -> str:
    return store.issue_organiser_key(db, label="test")


def _scenario(db, code: str, key: str, token: str, name: str, themes: list[str], cases: list[dict]):  # noqa: ANN001
    store.join(db, code, token)
    ids = [store.add_idea(db, code, token, title=f"{name} idea {n}", scale="small", driver="central", theme=x).id
           for n, x in enumerate(themes)]
    return store.save_scenario(db, code, key, name=name, idea_ids=ids, case_studies=cases)


@pytest.fixture
def two_rounds(db, org, workshop):  # noqa: ANN001
    """Two workshops of one programme whose scenarios cite Leuven and Lahti, spelled a little differently."""
    store.create_programme(db, org, name=SERIES, themes=["mobility", "water", "energy", "forests"])
    store.assign_workshop(db, org, workshop.code, programme=SERIES)
    second = store.create_workshop(db, title="Round two", city="Lahti", country="Finland", programme=SERIES)
    leuven = {"title": "Temporary street changes", "city": "Leuven", "link": "https://www.leuven.be/"}
    lahti = {"title": "Forest inventory and peat field restoration", "city": "Lahti"}
    _scenario(db, workshop.code, workshop.key, TOKEN_A, "Quick wins", ["mobility"], [leuven])
    _scenario(db, workshop.code, workshop.key, TOKEN_A + "-b", "Sponge centre", ["water"], [lahti])
    _scenario(db, second.workshop.code, second.key, TOKEN_A + "-c", "Streets", ["mobility", "energy"], [
        {"title": "Temporary street-changes", "city": "Leuven ", "lesson": "Trial a change for a season."},
        {"title": "forest inventory & peat-field restoration", "city": "LAHTI"}])
    return second


def test_normalised_titles_and_cities_match() -> None:
    assert normalised("  Gdańsk, Poland ") == "gdansk poland"
    a = Practice(title="Temporary street changes", city="Leuven")
    assert same_practice(a, Practice(title="temporary street-changes!", city="leuven"))
    assert same_practice(a, Practice(title="Temporary street change", city="Leuven"))
    assert not same_practice(a, Practice(title="Temporary street changes", city="Lahti"))
    assert not same_practice(a, Practice(title="Green roofs", city="Leuven"))


def test_gathering_merges_duplicates_and_keeps_each_scenarios_themes(db, org, workshop, two_rounds) -> None:
    added = store.harvest_practices(db, org, SERIES)
    assert sorted((p.city, p.title) for p in added) == [
        ("Lahti", "Forest inventory and peat field restoration"), ("Leuven", "Temporary street changes")]
    library = {p.city: p for p in store.search_practices(db)}
    assert len(store.search_practices(db)) == 2
    # Each practice has the themes of the scenarios it was cited in, not every theme of the workshop.
    assert set(library["Leuven"].themes) == {"mobility", "energy"}
    assert set(library["Lahti"].themes) == {"water", "mobility", "energy"}
    # What the second citation adds fills what the first left empty; the first link stays.
    assert library["Leuven"].lesson == "Trial a change for a season."
    assert library["Leuven"].link == "https://www.leuven.be/"
    assert library["Lahti"].country == "Finland"  # cited in Lahti's own workshop
    assert store.harvest_practices(db, org, SERIES) == []  # gathering again adds nothing
    assert len(store.search_practices(db)) == 2


def test_gathering_merges_into_a_practice_added_by_hand(db, org, workshop, two_rounds) -> None:
    mine = store.add_practice(db, org, title="Temporary Street Changes", city="Leuven", themes=["streets"], year=2019)
    added = store.harvest_practices(db, org, SERIES)
    assert [p.city for p in added] == ["Lahti"]
    kept = store.get_practice(db, mine.id)
    assert (kept.title, kept.year) == ("Temporary Street Changes", 2019)
    assert set(kept.themes) == {"streets", "mobility", "energy"}


def test_add_and_edit_with_every_field_and_the_checks(db, org, workshop) -> None:
    p = store.add_practice(db, org, title="Green roofs", city="Gdansk", country="Poland", year=2021,
                           link="https://gdansk.pl/", lesson="Co-fund them", description="Half paid by the city.",
                           themes=["water", " heat ", "water"])
    assert (p.year, p.description, p.themes) == (2021, "Half paid by the city.", ("water", "heat"))
    edited = store.update_practice(db, org, p.id, title="Green roofs", city="Gdansk", country="Poland",
                                   year=2022, themes=["heat"], description="Now 200 roofs.")
    assert (edited.year, edited.themes, edited.description, edited.link) == (2022, ("heat",), "Now 200 roofs.", "")
    with pytest.raises(InvalidValue, match="already has"):
        store.add_practice(db, org, title="green  roofs", city="GDANSK")
    with pytest.raises(InvalidValue, match="year"):
        store.add_practice(db, org, title="Old", year=1500)
    with pytest.raises(InvalidValue, match="title"):
        store.update_practice(db, org, p.id, title="  ")
    assert store.get_practice(db, p.id).title == "Green roofs"  # a refused edit changes nothing
    with db.read() as conn:
        from sqlalchemy import select

        from facilitation.store import schema as s
        kept = conn.execute(select(s.history.c.before).where(s.history.c.table_name == "practices")).scalars().all()
    assert [b["year"] for b in kept] == [2021]  # the earlier version is in history


def test_experts_add_from_their_workshop_and_nobody_else_writes(db, org, workshop) -> None:
    expert = store.issue_role_key(db, workshop.code, workshop.key, "expert").key
    p = store.add_practice(db, expert, code=workshop.code, title="Rain gardens", city="Leuven")
    assert p.source_workshop_id == workshop.id
    store.update_practice(db, expert, p.id, code=workshop.code, title="Rain gardens", city="Leuven", year=2020)
    other = store.create_workshop(db, title="Elsewhere", city="Lahti")
    theirs = store.add_practice(db, other.key, code=other.workshop.code, title="Peat", city="Lahti")
    with pytest.raises(NotAllowed, match="organiser"):
        store.update_practice(db, expert, theirs.id, code=workshop.code, title="Mine now")
    store.join(db, workshop.code, TOKEN_A)
    presenter = store.issue_role_key(db, workshop.code, workshop.key, "presenter").key
    for key, code in ((TOKEN_A, workshop.code), (presenter, workshop.code), (expert, None),
                      (expert, other.workshop.code), ("not-a-key-at-all-0000000000", None)):
        with pytest.raises(NotAllowed):
            store.add_practice(db, key, code=code, title="Forged", city="X")
    assert store.update_practice(db, org, theirs.id, title="Peat fields", city="Lahti").title == "Peat fields"
    assert "Forged" not in [x.title for x in store.search_practices(db)]


def test_search_reaches_case_studies_of_every_workshop(db, org, workshop) -> None:
    lone = store.create_workshop(db, title="Outside any programme", city="Umea", country="Sweden")
    _scenario(db, lone.workshop.code, lone.key, TOKEN_A, "Winter cycling", ["mobility"], [
        {"title": "Snow-cleared cycle lanes first", "city": "Umea", "lesson": "Clear bikes before cars."}])
    assert store.search_practices(db, "snow") == []  # the library alone: nothing gathered
    found = store.search_practices(db, "snow umea", cases=True)
    assert [(p.title, p.id, p.country, p.themes, p.source_workshop_id) for p in found] == [
        ("Snow-cleared cycle lanes first", None, "Sweden", ("mobility",), lone.workshop.id)]
    assert [p.title for p in store.search_practices(db, theme="mobility", cases=True)] == [
        "Snow-cleared cycle lanes first"]
    # Once in the library the case shows once, as the library's practice.
    store.add_practice(db, org, title="Snow cleared cycle lanes first", city="Umeå")
    again = store.search_practices(db, "snow", cases=True)
    assert [(p.title, p.id is not None) for p in again] == [("Snow cleared cycle lanes first", True)]
